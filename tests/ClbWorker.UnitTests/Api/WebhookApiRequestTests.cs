using ClbWorker.Api;
using ClbWorker.Webhooks.Api;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.UnitTests.Api;

public class WebhookApiRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("00:00:00", 0)]
    [InlineData("01:30:00", 90)]
    [InlineData("1.00:00:00", 1440)]
    [InlineData("30.00:00:00", 43200)]
    [InlineData("PT24H", 1440)]
    [InlineData("P2DT30M", 2910)]
    public void Rotation_overlaps_are_read_as_constant_or_iso_8601_durations(string text, int minutes)
    {
        var errors = new RotateWebhookSecretRequest(text, null).Validate(TimeSpan.FromHours(24), out var overlap);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(minutes), overlap);
    }

    [Fact]
    public void Without_an_overlap_the_configured_one_applies()
    {
        var errors = new RotateWebhookSecretRequest(null, null).Validate(TimeSpan.FromHours(6), out var overlap);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(6), overlap);
    }

    [Fact]
    public void A_refused_secret_is_never_quoted_back()
    {
        const string Secret = "whsec_dG9vLXNob3J0LXNlY3JldA=="; // 16 bytes

        var errors = new RotateWebhookSecretRequest(null, Secret).Validate(TimeSpan.Zero, out _);
        var request = new CreateWebhookEndpointRequest("https://hooks.example.com/", null, Secret);

        Assert.DoesNotContain(Secret, Assert.Single(errors["secret"]), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, request.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, new WebhookEndpointWithSecret(null!, Secret).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-28T04:00:00Z", "2026-11-28T04:00:00Z")]
    [InlineData("2026-11-28T04:00:00.123456Z", "2026-11-28T04:00:00.123456Z")]
    [InlineData("2026-11-28T12:00:00+08:00", "2026-11-28T04:00:00Z")]
    [InlineData("2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z")]
    public void Recover_reads_since_as_an_iso_8601_time_with_its_offset(string text, string expected)
    {
        var errors = new RecoverWebhookDeliveriesRequest(text).Validate(Now, out var since);

        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), since);
    }

    [Fact]
    public void A_delivery_cursor_continues_only_the_listing_with_the_filters_it_was_issued_for()
    {
        var filtered = new WebhookDeliveryQuery("7", null, null, DeliveryStates.Failed, null, null);
        filtered.Validate(out var first);
        var cursor = PageCursor.Encode(PagedList.WebhookDeliveries, 99, first.Filters);

        Assert.Empty((filtered with { Cursor = cursor }).Validate(out var next));
        Assert.Equal(99, next.BeforeId);
        // "007" is the same task row as "7"; another state is another listing.
        Assert.Empty((filtered with { TaskRowId = "007", Cursor = cursor }).Validate(out _));
        var errors = (filtered with { State = DeliveryStates.Pending, Cursor = cursor }).Validate(out _);
        Assert.Contains("other filters", Assert.Single(errors["cursor"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_query_asks_the_store_for_one_row_more_than_the_page()
    {
        var cursor = PageCursor.Encode(PagedList.WebhookDeliveries, 99, new DeliveryListQuery(7, "task-1", 3, DeliveryStates.Failed, 0, null).Filters);
        var errors = new WebhookDeliveryQuery("7", "task-1", "3", DeliveryStates.Failed, "20", cursor).Validate(out var query);

        Assert.Empty(errors);
        Assert.Equal(new DeliveryListQuery(7, "task-1", 3, DeliveryStates.Failed, 21, 99), query);
    }
}
