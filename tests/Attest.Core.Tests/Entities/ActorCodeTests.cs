using Attest.Entities;
using static Attest.Tests.Entities.EntityTestText;

namespace Attest.Tests.Entities;

public class ActorCodeTests
{
    private static EntityLayer Analyze(string text, string? date = "2019-01-14") =>
        DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), date);

    [Theory]
    // countries, capitals, demonyms
    [InlineData("Iran rejected the offer.", "Iran", "IRN")]
    [InlineData("Moscow rejected the accusations as baseless.", "Moscow", "RUS")]
    [InlineData("Officials said Tehran halted exports.", "Tehran", "IRN")]
    [InlineData("Washington is prepared to talk.", "Washington", "USA")]
    [InlineData("Pyongyang fired two missiles.", "Pyongyang", "PRK")]
    [InlineData("The United States imposed duties.", "United States", "USA")]
    [InlineData("The U.S. has cooperated before.", "U.S.", "USA")]
    [InlineData("North Korea fired a missile.", "North Korea", "PRK")]
    [InlineData("South Korea postponed the drill.", "South Korea", "KOR")]
    [InlineData("Sanctions on the Islamic Republic remain.", "the Islamic Republic", "IRN")]
    [InlineData("Later, the Americans asked to hold talks.", "the Americans", "USA")]
    [InlineData("Americans will have to realize it.", "Americans", "USA")]
    [InlineData("Britain and France objected.", "Britain", "GBR")]
    [InlineData("Britain and France objected.", "France", "FRA")]
    [InlineData("Beijing might retaliate.", "Beijing", "CHN")]
    // metonyms
    [InlineData("The Kremlin called the move hostile.", "The Kremlin", "RUSGOV")]
    [InlineData("The statement came from the White House on Monday.", "the White House", "USAGOV")]
    [InlineData("Downing Street declined to comment.", "Downing Street", "GBRGOV")]
    [InlineData("The Pentagon sent more jets.", "The Pentagon", "USAMIL")]
    [InlineData("Officials at the State Department were surprised.", "the State Department", "USAGOV")]
    [InlineData("The mullah regime has remained unwilling.", "The mullah regime", "IRNGOV")]
    [InlineData("The Elysee said the talks were useful.", "The Elysee", "FRAGOV")]
    // role nouns with a country
    [InlineData("U.S. officials repudiated the claim.", "U.S. officials", "USAGOV")]
    [InlineData("Israeli troops entered the village.", "Israeli troops", "ISRMIL")]
    [InlineData("He spoke with Iran's foreign minister last week.", "Iran's foreign minister", "IRNGOV")]
    [InlineData("The Polish army said drills were planned.", "The Polish army", "POLMIL")]
    [InlineData("South Korean officials expressed regret.", "South Korean officials", "KORGOV")]
    [InlineData("A Yemeni government official said the road was closed.", "A Yemeni government official", "YEMGOV")]
    [InlineData("A senior Polish security official said so.", "A senior Polish security official", "POLGOV")]
    [InlineData("Turkish police detained the suspects.", "Turkish police", "TURCOP")]
    [InlineData("Egyptian lawmakers approved the bill.", "Egyptian lawmakers", "EGYLEG")]
    [InlineData("Syrian rebels shelled the town.", "Syrian rebels", "SYRREB")]
    [InlineData("Iraqi protesters stormed the building.", "Iraqi protesters", "IRQCVL")]
    [InlineData("Russian state media reported the launch.", "Russian state media", "RUSMED")]
    [InlineData("A senior U.S. administration official said talks could resume.", "A senior U.S. administration official", "USAGOV")]
    [InlineData("China's Ministry of Commerce said it firmly opposed the duties.", "China's Ministry of Commerce", "CHNGOV")]
    [InlineData("North Korea's Foreign Ministry issued a statement.", "North Korea's Foreign Ministry", "PRKGOV")]
    [InlineData("The Russian Foreign Ministry summoned the envoy.", "The Russian Foreign Ministry", "RUSGOV")]
    [InlineData("He sits on Tehran's National Security Council.", "Tehran's National Security Council", "IRNGOV")]
    [InlineData("Members of the Trump administration denied it.", "Members of the Trump administration", "USAGOV")]
    [InlineData("Germany's Die Welt daily reported the tests.", "Germany's Die Welt daily", "DEUMED")]
    [InlineData("The Houthi-run health ministry said 12 people died.", "The Houthi-run health ministry", "YEMREB")]
    [InlineData("Kremlin spokesman Piotr Valenko said nothing.", "Kremlin spokesman Piotr Valenko", "RUSGOV")]
    [InlineData("Russian Foreign Ministry spokeswoman Irina Lasko called it baseless.", "Russian Foreign Ministry spokeswoman Irina Lasko", "RUSGOV")]
    // international and non-state actors
    [InlineData("NATO officials said the drills were routine.", "NATO officials", "IGOWSTNAT")]
    [InlineData("The IAEA will inspect the site.", "The IAEA", "IGOUNOIAE")]
    [InlineData("Hamas fired rockets overnight.", "Hamas", "PSEREBHMS")]
    [InlineData("Hezbollah denied any role.", "Hezbollah", "LBNHZB")]
    [InlineData("The Saudi-led coalition dismissed the reports.", "The Saudi-led coalition", "SAUMIL")]
    [InlineData("The World Food Programme warned of famine.", "The World Food Programme", "IGOUNOWFP")]
    [InlineData("The European Commission imposed duties.", "The European Commission", "IGOEUREEC")]
    [InlineData("A senior EU official said talks were tough.", "A senior EU official", "IGOEUREEC")]
    [InlineData("The U.N. Assistance Mission for Iraq urged restraint.", "The U.N. Assistance Mission for Iraq", "IGOUNO")]
    [InlineData("Doctors Without Borders said its clinic was hit.", "Doctors Without Borders", "NGOHLHMSF")]
    [InlineData("KCNA said the test was a success.", "KCNA", "PRKMED")]
    [InlineData("The Taliban claimed the attack.", "The Taliban", "AFGREB")]
    // a named armed group is its own actor, not the national army of the dateline's country
    [InlineData("HAVANA, June 2, 2024 - Colombia's government and the National Liberation Army resumed talks.", "the National Liberation Army", "COLREB")]
    [InlineData("The Arakan Army said it had taken the town.", "The Arakan Army", "MMRREB")]
    // compound titles keep the country before them
    [InlineData("Japan's envoy met South Korean Vice Foreign Minister Park Ji-hoon in Seoul.", "South Korean Vice Foreign Minister Park Ji-hoon", "KORGOV")]
    [InlineData("TOKYO, May 2, 2024 - Indian Trade Minister Ravi Menon said the talks would continue.", "Indian Trade Minister Ravi Menon", "INDGOV")]
    // a people-noun with the article before a role noun is the adjective
    [InlineData("The Chinese foreign minister said the duties were unfair.", "The Chinese foreign minister", "CHNGOV")]
    [InlineData("The Americans' allies said nothing, but the Chinese government objected.", "the Chinese government", "CHNGOV")]
    // non-capital cities are places of their country, not its government
    [InlineData("Shelling hit Kharkiv overnight.", "Kharkiv", "UKR")]
    [InlineData("The convoy left Basra before dawn.", "Basra", "IRQ")]
    [InlineData("Clashes spread from Mosul to Kirkuk.", "Kirkuk", "IRQ")]
    [InlineData("Aid reached Aleppo on Friday.", "Aleppo", "SYR")]
    [InlineData("The ship docked in Odesa.", "Odesa", "UKR")]
    [InlineData("The ship docked in Odessa.", "Odessa", "UKR")]
    [InlineData("Flooding hit Karachi again.", "Karachi", "PAK")]
    [InlineData("Fuel queues grew in Lagos.", "Lagos", "NGA")]
    [InlineData("Markets in Mumbai fell.", "Mumbai", "IND")]
    [InlineData("Talks opened in Istanbul.", "Istanbul", "TUR")]
    [InlineData("Families fled Gaza City.", "Gaza City", "PSE")]
    [InlineData("Investors in Shanghai were nervous.", "Shanghai", "CHN")]
    [InlineData("The port of Hodeidah was closed.", "Hodeidah", "YEM")]
    [InlineData("Residents of St. Petersburg queued.", "St. Petersburg", "RUS")]
    [InlineData("Police in Gdansk arrested a man.", "Police", "POLCOP")]
    [InlineData("Basra residents blocked the road.", "Basra residents", "IRQCVL")]
    [InlineData("Kharkiv officials ordered an evacuation.", "Kharkiv officials", "UKRGOV")]
    [InlineData("LIMA, Peru \u2014 The country's new foreign minister resigned on Monday.", "new foreign minister", "PERGOV")]
    [InlineData("Chile recalled its envoy. The nation's defence minister said troops would stay.", "defence minister", "CHLGOV")]
    [InlineData("LIMA, Peru \u2014 Protesters marched as the country\u2019s interior ministry warned of arrests.", "interior ministry", "PERGOV")]
    [InlineData("KHARKIV, Ukraine \u2014 Police said two people were hurt.", "Police", "UKRCOP")]
    [InlineData("MOSUL (Reuters) - The interior ministry denied the report.", "The interior ministry", "IRQGOV")]
    [InlineData("KARACHI \u2014 Prosecutors charged the owner.", "Prosecutors", "PAKJUD")]
    // protesters and residents with no country named are the country's own
    [InlineData("LAGOS \u2014 Police dispersed protesters outside the governor's office.", "protesters", "NGACVL")]
    [InlineData("ALEPPO, Syria \u2014 Thousands of residents fled overnight.", "residents", "SYRCVL")]
    [InlineData("Turkish police detained demonstrators in Izmir.", "demonstrators", "TURCVL")]
    [InlineData("VILNIUS (Reuters) - Counter-intelligence agents detained a courier.", "Counter-intelligence agents", "LTUSPY")]
    // a bare spokesman belongs to the body just written about
    [InlineData("The Turkish Foreign Ministry summoned the envoy on Monday. Spokesman Emre Talay said the move was overdue.", "Spokesman Emre Talay", "TURGOV")]
    public void Codes_mentions(string text, string mention, string expected)
    {
        Assert.Equal(expected, CodeOf(Analyze(text), mention));
        // the same with the project's news tokenizer, which splits hyphens ("Saudi" "-" "led")
        var news = DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.FromTokens(Attest.Text.NewsTokenizer.Default.Tokenize(text)), "2019-01-14");
        Assert.Equal(expected, CodeOf(news, mention));
    }

    [Theory]
    [InlineData("Ministry spokesman Brigadier General Hatem al-Zaydi said al-Zaydi would resign.", "Hatem al-Zaydi", "al-Zaydi")]
    [InlineData("Foreign Minister Ri Song-won met the press; Ri Song-won left.", "Ri Song-won", "Ri Song-won")]
    [InlineData("Jean-Luc Moreau spoke first, and Moreau then left.", "Jean-Luc Moreau", "Moreau")]
    public void Hyphenated_names_hold_together(string text, string full, string later)
    {
        foreach (var syntax in new[] { TestSyntax.Build(text), TestSyntax.FromTokens(Attest.Text.NewsTokenizer.Default.Tokenize(text)) })
        {
            var layer = DictionaryEntityAnalyzer.CreateDefault().Analyze(syntax, "2019-01-14");
            var person = Assert.Single(layer.Actors, a => a.Kind == "person");
            Assert.Equal(full, person.Name);
            Assert.Contains(person.Mentions, m => m.Text == later && m.Start > text.IndexOf(full, StringComparison.Ordinal) + full.Length);
        }
    }

    [Theory]
    [InlineData("The president said the talks would go on.", "2019-05-02", "USAGOV", "Donald Trump")]
    [InlineData("The president said the talks would go on.", "2023-05-02", "USAGOV", "Joe Biden")]
    [InlineData("The president said the talks would go on.", "2015-05-02", "USAGOV", "Barack Obama")]
    public void The_president_in_an_American_text_is_the_office_holder(string sentence, string date, string code, string name)
    {
        var layer = Analyze("WASHINGTON (Reuters) - Congress met in Washington. " + sentence, date);
        var m = layer.Mentions.First(x => x.Text == "The president");
        Assert.Equal(code, layer.ToRef(m).Code);
        Assert.Equal(name, layer.ActorById(m.ActorId)!.Name);
    }

    [Theory]
    [InlineData("President Trump spoke on Monday.", "2019-06-03", "USAGOV")]
    [InlineData("Donald Trump spoke on Monday.", "2019-06-03", "USAGOV")]
    [InlineData("Barack Obama spoke on Monday.", "2019-06-03", "USAELI")]
    [InlineData("Ayatollah Khamenei spoke on Monday.", "2019-06-03", "IRNGOV")]
    [InlineData("Vladimir Putin spoke on Monday.", "2019-06-03", "RUSGOV")]
    [InlineData("U.S. Secretary of State Mike Pompeo spoke on Monday.", "2019-06-03", "USAGOV")]
    [InlineData("Angela Merkel spoke on Monday.", "2019-06-03", "DEUGOV")]
    [InlineData("Angela Merkel spoke on Monday.", "2023-06-05", "DEUELI")]
    [InlineData("Hassan Rouhani spoke on Monday.", "2019-06-03", "IRNGOV")]
    [InlineData("Kim Jong Un spoke on Monday.", "2019-06-03", "PRKGOV")]
    public void Leaders_are_coded_by_the_dated_table(string text, string date, string code)
    {
        var layer = Analyze(text, date);
        var m = layer.Mentions.First(x => layer.ActorById(x.ActorId)!.Kind == "person");
        Assert.Equal(code, layer.ToRef(m).Code);
    }

    [Fact]
    public void The_president_of_something_else_is_not_the_head_of_state()
    {
        var layer = Analyze("WASHINGTON (Reuters) - Congress met. The president of Acme Widgets said sales fell.", "2019-05-02");
        Assert.DoesNotContain(layer.Actors, a => a.Name == "Donald Trump");
    }

    [Fact]
    public void The_Trump_administration_is_the_US_government()
    {
        var layer = Analyze("The Trump administration imposed sanctions.", "2019-01-14");
        Assert.Equal("USAGOV", layer.ToRef(layer.Mentions.First(m => m.Text == "The Trump administration")).Code);
    }

    [Fact]
    public void National_institutions_take_the_dateline_country()
    {
        var layer = Analyze("WARSAW (Reuters) - Prosecutors charged a man. The National Prosecutor's Office said he had confessed. "
                            + "The Interior Ministry declined to comment.", "2017-10-11");
        Assert.Equal("POLJUD", layer.ToRef(layer.Mentions.First(m => m.Text == "Prosecutors")).Code);
        Assert.Equal("POLJUD", layer.ToRef(layer.Mentions.First(m => m.Text == "The National Prosecutor's Office")).Code);
        Assert.Equal("POLGOV", layer.ToRef(layer.Mentions.First(m => m.Text == "The Interior Ministry")).Code);
    }

    [Fact]
    public void A_city_is_its_own_place_actor_with_its_countrys_code()
    {
        var layer = Analyze("Iraq sent troops to Basra. Basra was calm on Monday.");
        var basra = Assert.Single(layer.Actors, a => a.Name == "Basra");
        Assert.Equal("IRQ", basra.Code);
        Assert.Equal("IRQ", basra.Country);
        Assert.Equal(2, basra.Mentions.Length);
        Assert.All(layer.Mentions.Where(m => m.ActorId == basra.Id), m => Assert.Equal(MentionKind.Place, m.Kind));
        Assert.Contains(layer.Entities, e => e.Text == "Basra" && e.Type == "GPE" && e.Actor == basra.Id);
        Assert.DoesNotContain(layer.Actors, a => a.Code == "IRQGOV");
    }

    [Fact]
    public void A_user_dictionary_adds_cities()
    {
        var path = Path.Combine(Path.GetTempPath(), "attest-city-" + Guid.NewGuid().ToString("N") + ".actors");
        File.WriteAllText(path, "city | KEN | Kisii\n");
        try
        {
            var layer = DictionaryEntityAnalyzer.CreateWithUserDictionary(path).Analyze(TestSyntax.Build("Rain flooded Kisii."), "2019-01-14");
            Assert.Equal("KEN", CodeOf(layer, "Kisii"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("BASRA, Iraq \u2014 Security forces fired on protesters.", "BASRA, Iraq \u2014")]
    [InlineData("WARSAW (Reuters) - Poland expelled a diplomat.", "WARSAW (Reuters) -")]
    [InlineData("SEOUL, Nov. 28, 2023 - North Korea fired a missile.", "SEOUL, Nov. 28, 2023 -")]
    [InlineData("Kharkiv, Ukraine \u2014 Two people were hurt.", "Kharkiv, Ukraine \u2014")]
    [InlineData("ADEN/RIYADH \u2014 The talks resumed.", "ADEN/RIYADH \u2014")]
    [InlineData("RIO DE JANEIRO, Brazil \u2014 Police raided a favela.", "RIO DE JANEIRO, Brazil \u2014")]
    [InlineData("A title line\n\nLAGOS \u2014 Fuel prices rose.", "LAGOS \u2014")]
    public void Finds_the_dateline(string text, string dateline)
    {
        var layer = Analyze(text);
        Assert.Equal(dateline, layer.Dateline?.Text);
        Assert.True(layer.InDateline(layer.Dateline!.Start, layer.Dateline.End));
    }

    [Theory]
    [InlineData("Kenyan police - who had been warned - arrested him.")]
    [InlineData("The minister, Ali Varzan - a former general - resigned.")]
    [InlineData("Prices rose. NATO - the alliance - met in Brussels.")]
    [InlineData("Police said the road was closed. LAGOS \u2014 Fuel prices rose.")]
    public void Finds_no_dateline_in_running_text(string text) => Assert.Null(Analyze(text).Dateline);

    [Fact]
    public void A_person_without_a_known_country_has_no_code()
    {
        var layer = Analyze("Dr. Tobias Renner, director of a think tank, said the report was wrong.");
        var a = Assert.Single(layer.Actors, x => x.Kind == "person");
        Assert.Equal("Tobias Renner", a.Name);
        Assert.Null(a.Code);
    }

    [Fact]
    public void Lower_case_words_do_not_match_proper_names()
    {
        var layer = Analyze("He told us the turkey was ready in china cups.");
        Assert.DoesNotContain(layer.Actors, a => a.Code is "USA" or "TUR" or "CHN");
    }

    [Fact]
    public void Entities_carry_types()
    {
        var layer = Analyze("Iranian officials met Ali Varzan at the White House in Washington on Tuesday.");
        Assert.Contains(layer.Entities, e => e.Type == "NORP" && e.Text == "Iranian");
        Assert.Contains(layer.Entities, e => e.Type == "PERSON" && e.Text == "Ali Varzan");
        Assert.Contains(layer.Entities, e => e.Type == "FAC" && e.Text == "White House");
        Assert.Contains(layer.Entities, e => e.Type == "GPE" && e.Text == "Washington" && e.Actor is not null);
        Assert.Contains(layer.Entities, e => e.Type == "DATE" && e.Value == "2019-01-08");
    }
}
