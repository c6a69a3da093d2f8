using Attest.Storage;

namespace Attest.Tests;

public sealed class StoreQueryValidationTests
{
    [Theory]
    [InlineData("ActorCode", "US-A")]
    [InlineData("ActorCode", "")]
    [InlineData("Cameo", "1a")]
    [InlineData("Cameo", "12345")]
    [InlineData("Since", "2019-13")]
    [InlineData("Until", "14/01/2019")]
    public void EventQuery_rejects_bad_values(string property, string value)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => property switch
        {
            "ActorCode" => new EventQuery { ActorCode = value },
            "Cameo" => new EventQuery { Cameo = value },
            "Since" => new EventQuery { Since = value },
            _ => new EventQuery { Until = value },
        });
        Assert.Equal(property, ex.ParamName);
        Assert.Contains($"'{value}'", ex.Message);
    }

    [Fact]
    public void Queries_reject_bad_limits_stances_and_speakers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventQuery { Limit = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatementQuery { Limit = -1 });
        Assert.Contains("'assert' or 'deny'", Assert.Throws<ArgumentException>(() => new StatementQuery { Stance = "maybe" }).Message);
        Assert.Throws<ArgumentException>(() => new StatementQuery { Speaker = "  " });
        Assert.Throws<ArgumentException>(() => new StatementQuery { Since = "2019-02-30" });
    }

    [Fact]
    public void Queries_normalise_values()
    {
        var q = new EventQuery { ActorCode = " irn ", Cameo = "17" };
        Assert.Equal("IRN", q.ActorCode);
        Assert.Equal(new StatementQuery { Stance = "Deny" }, new StatementQuery { Stance = "deny" });
    }
}
