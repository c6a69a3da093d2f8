using Attest.Entities;

namespace Attest.Tests.Entities;

public class DateNormalizerTests
{
    [Theory]
    // weekdays: the latest such day on or before the document date (2017-10-11 is a Wednesday)
    [InlineData("on Tuesday", "2017-10-11", "2017-10-10")]
    [InlineData("Tuesday", "2017-10-11", "2017-10-10")]
    [InlineData("on Tuesday evening", "2017-10-11", "2017-10-10")]
    [InlineData("Monday night", "2018-07-17", "2018-07-16")]
    [InlineData("on Wednesday", "2017-10-11", "2017-10-11")]
    [InlineData("on Thursday", "2017-10-11", "2017-10-05")]
    [InlineData("on Sunday", "2019-01-14", "2019-01-13")]
    [InlineData("Friday morning", "2019-11-29", "2019-11-29")]
    [InlineData("on Saturday afternoon", "2019-11-29", "2019-11-23")]
    [InlineData("last Wednesday", "2017-10-11", "2017-10-04")]
    [InlineData("last Friday", "2017-10-11", "2017-10-06")]
    [InlineData("next Tuesday", "2017-10-11", "2017-10-17")]
    [InlineData("on Tuesday, May 8, 2018", "2019-01-14", "2018-05-08")]
    // yesterday, today, tonight
    [InlineData("yesterday", "2019-01-14", "2019-01-13")]
    [InlineData("yesterday", "2019-03-01", "2019-02-28")]
    [InlineData("today", "2019-01-14", "2019-01-14")]
    [InlineData("tonight", "2020-02-29", "2020-02-29")]
    [InlineData("tomorrow", "2018-12-31", "2019-01-01")]
    [InlineData("last night", "2019-01-14", "2019-01-13")]
    [InlineData("this morning", "2019-01-14", "2019-01-14")]
    // last / this / next week, month, year
    [InlineData("last month", "2017-10-11", "2017-09")]
    [InlineData("last month", "2019-01-14", "2018-12")]
    [InlineData("this month", "2019-01-14", "2019-01")]
    [InlineData("next month", "2018-12-03", "2019-01")]
    [InlineData("last year", "2019-01-14", "2018")]
    [InlineData("this year", "2019-11-29", "2019")]
    [InlineData("next year", "2019-11-29", "2020")]
    [InlineData("last week", "2019-11-29", "2019-11")]
    [InlineData("last week", "2019-03-04", "2019-02")]
    [InlineData("this week", "2019-03-04", "2019-03")]
    [InlineData("next week", "2019-03-28", "2019-04")]
    [InlineData("earlier this month", "2018-07-17", "2018-07")]
    [InlineData("later this year", "2018-07-17", "2018")]
    [InlineData("earlier this week", "2018-07-17", "2018-07")]
    [InlineData("late last year", "2019-02-10", "2018")]
    [InlineData("early next year", "2019-11-02", "2020")]
    // month names
    [InlineData("in November", "2019-01-14", "2018-11")]
    [InlineData("in May", "2019-01-14", "2018-05")]
    [InlineData("in December", "2019-01-14", "2018-12")]
    [InlineData("in January", "2019-01-14", "2019-01")]
    [InlineData("in September", "2017-10-11", "2017-09")]
    [InlineData("since April", "2017-10-11", "2017-04")]
    [InlineData("early October", "2019-11-29", "2019-10")]
    [InlineData("in late August", "2019-11-29", "2019-08")]
    [InlineData("last November", "2019-11-29", "2018-11")]
    [InlineData("last March", "2019-11-29", "2019-03")]
    [InlineData("next March", "2019-11-29", "2020-03")]
    [InlineData("in May 2018", "2019-01-14", "2018-05")]
    [InlineData("in March of 2016", "2019-01-14", "2016-03")]
    [InlineData("September 2015", "2019-01-14", "2015-09")]
    // full and day dates
    [InlineData("May 8, 2018", "2019-01-14", "2018-05-08")]
    [InlineData("on May 8 2018", "2019-01-14", "2018-05-08")]
    [InlineData("8 May 2018", "2019-01-14", "2018-05-08")]
    [InlineData("on 15 December", "2019-01-14", "2018-12-15")]
    [InlineData("Dec. 15", "2019-01-14", "2018-12-15")]
    [InlineData("December 15", "2019-01-14", "2018-12-15")]
    [InlineData("Jan. 3", "2019-01-14", "2019-01-03")]
    [InlineData("Sept. 11, 2001", "2019-01-14", "2001-09-11")]
    [InlineData("on July 4th", "2018-07-17", "2018-07-04")]
    [InlineData("on Dec. 20", "2019-12-10", "2019-12-20")]
    [InlineData("Feb. 29, 2016", "2019-01-14", "2016-02-29")]
    [InlineData("2018-05-08", "2019-01-14", "2018-05-08")]
    // years
    [InlineData("in 2018", "2019-01-14", "2018")]
    [InlineData("since 2015", "2019-01-14", "2015")]
    [InlineData("in early 2017", "2019-01-14", "2017")]
    [InlineData("mid-2018", "2019-01-14", "2018")]
    [InlineData("by 2025", "2019-01-14", "2025")]
    // counted offsets
    [InlineData("three weeks ago", "2019-01-14", "2018-12")]
    [InlineData("two days ago", "2019-01-14", "2019-01-12")]
    [InlineData("a year ago", "2019-01-14", "2018")]
    [InlineData("six months ago", "2019-01-14", "2018-07")]
    [InlineData("a few days ago", "2019-01-14", "2019-01-11")]
    [InlineData("two years ago", "2019-01-14", "2017")]
    [InlineData("10 days ago", "2019-01-14", "2019-01-04")]
    [InlineData("the twelve months prior", "2019-01-14", "2018-01")]
    [InlineData("three weeks after", "2017-10-11", "2017-09")]
    // datelined wire phrasing, leap years, days without a year
    [InlineData("on Monday", "2024-03-05", "2024-03-04")]
    [InlineData("last Sunday", "2024-03-05", "2024-03-03")]
    [InlineData("Sunday evening", "2024-03-05", "2024-03-03")]
    [InlineData("Nov. 28, 2023", "2024-03-05", "2023-11-28")]
    [InlineData("March 3, 2024", "2024-03-03", "2024-03-03")]
    [InlineData("on 3 March", "2024-03-05", "2024-03-03")]
    [InlineData("in February", "2024-03-05", "2024-02")]
    [InlineData("in February", "2024-01-20", "2023-02")]
    [InlineData("last December", "2024-03-05", "2023-12")]
    [InlineData("in 2023", "2024-03-05", "2023")]
    [InlineData("four days ago", "2024-03-05", "2024-03-01")]
    [InlineData("yesterday", "2024-03-01", "2024-02-29")]
    [InlineData("Oct. 7", "2024-03-05", "2023-10-07")]
    [InlineData("on Aug. 24, 1991", "2024-03-05", "1991-08-24")]
    [InlineData("earlier this year", "2024-03-05", "2024")]
    [InlineData("in mid-March", "2024-03-20", "2024-03")]
    [InlineData("since mid-November", "2024-03-20", "2023-11")]
    [InlineData("in mid-June 2022", "2024-03-20", "2022-06")]
    public void Normalizes_against_the_document_date(string expression, string documentDate, string expected)
    {
        var doc = DateOnly.Parse(documentDate, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, DateNormalizer.Normalize(expression, doc));
    }

    [Theory]
    [InlineData("the twelve months prior", "2018", "2017")]
    [InlineData("three weeks after", "2018-05-08", "2018-04")]
    [InlineData("two days before", "2018-05-08", "2018-05-10")]
    [InlineData("two days later", "2018-05-08", "2018-05-10")]
    [InlineData("a year earlier", "2016-03", "2015")]
    [InlineData("six months later", "2018-10-01", "2019-04")]
    public void Relative_offsets_count_from_an_anchor(string expression, string anchor, string expected)
    {
        Assert.Equal(expected, DateNormalizer.Normalize(expression, new DateOnly(2019, 1, 14), anchor));
    }

    [Theory]
    [InlineData("the ministry")]
    [InlineData("Zapad")]
    [InlineData("may")]
    [InlineData("five short-range missiles")]
    [InlineData("this")]
    public void Leaves_non_dates_alone(string expression)
    {
        Assert.Null(DateNormalizer.Normalize(expression, new DateOnly(2019, 1, 14)));
    }

    [Fact]
    public void Analyzer_reports_dates_with_values_in_context()
    {
        var text = "Officials in Vilnius said on Tuesday that the talks held in November had failed. The deal signed in 2018 "
                   + "doubled trade over the twelve months prior, and the minister resigned three weeks ago.";
        var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), "2019-01-16");
        var dates = layer.Entities.Where(e => e.Type == "DATE").ToDictionary(e => e.Text, e => e.Value);
        Assert.Equal("2019-01-15", dates["Tuesday"]);
        Assert.Equal("2018-11", dates["November"]);
        Assert.Equal("2018", dates["2018"]);
        Assert.Equal("2017", dates["the twelve months prior"]);
        Assert.Equal("2018-12", dates["three weeks ago"]);
    }

    [Fact]
    public void Bare_month_or_year_needs_a_preposition()
    {
        var text = "The Zapad 2017 exercises worried May Ellison, who spoke in May.";
        var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), "2017-10-11");
        var dates = layer.Entities.Where(e => e.Type == "DATE").ToList();
        Assert.Single(dates);
        Assert.Equal("2017-05", dates[0].Value);
    }

    [Fact]
    public void Infers_the_document_date_when_none_is_given()
    {
        var text = "WARSAW, Oct. 11, 2017 - Poland expelled two diplomats on Tuesday. An earlier case dated from May 3, 2016.";
        var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), null);
        Assert.Equal("2017-10-11", layer.DocumentDate);
        Assert.Contains(layer.Entities, e => e.Type == "DATE" && e.Text == "Tuesday" && e.Value == "2017-10-10");
    }

    [Fact]
    public void Without_any_date_relative_expressions_have_no_value()
    {
        var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build("Talks resumed on Tuesday."), null);
        Assert.Null(layer.DocumentDate);
        var d = Assert.Single(layer.Entities, e => e.Type == "DATE");
        Assert.Null(d.Value);
    }

    [Fact]
    public void Later_stages_find_the_date_of_a_sentence()
    {
        var text = "The ministry said on Tuesday it had expelled two diplomats. The envoy left in May.";
        var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), "2017-10-11");
        int firstEnd = text.IndexOf('.', StringComparison.Ordinal) + 1;
        Assert.Equal("2017-10-10", layer.DateValueWithin(0, firstEnd, text.IndexOf("expelled", StringComparison.Ordinal)));
        Assert.Equal("2017-05", layer.DateValueWithin(firstEnd, text.Length, text.IndexOf("left", StringComparison.Ordinal)));
        Assert.Single(layer.DatesWithin(firstEnd, text.Length));
    }
}
