using Attest.Model;

namespace Attest.Tests.Model;

public class PartialDateTests
{
    [Theory]
    [InlineData("2019", true)]
    [InlineData("2019-01", true)]
    [InlineData("2019-01-14", true)]
    [InlineData("2019-02-29", false)]
    [InlineData("2020-02-29", true)]
    [InlineData("2019-13", false)]
    [InlineData("19-01-14", false)]
    [InlineData("2019/01/14", false)]
    [InlineData("", false)]
    public void Validates_iso_partial_dates(string value, bool valid) => Assert.Equal(valid, PartialDate.IsValid(value));

    [Fact]
    public void Formats_with_padding()
    {
        Assert.Equal("0999", PartialDate.Format(999));
        Assert.Equal("2018-05", PartialDate.Format(2018, 5));
        Assert.Equal("2018-05-08", PartialDate.Format(2018, 5, 8));
    }
}
