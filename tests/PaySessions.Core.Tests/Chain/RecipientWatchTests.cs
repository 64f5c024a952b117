using PaySessions.Core.Chain;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Chain;

public sealed class RecipientWatchTests
{
    private const string Loaded = "0x1000000000000000000000000000000000000001";
    private const string Voucher = "0x2000000000000000000000000000000000000002";

    [Fact]
    public void a_noted_address_widens_its_own_network_only_and_an_address_already_read_widens_nothing()
    {
        var watch = new RecipientWatch(new ManualTime());
        string[] read = [Loaded];

        watch.Note("polygon", Voucher);
        watch.Note("polygon", Loaded);

        Assert.Equal([Loaded, Voucher], watch.Widen("polygon", read));
        Assert.Same(read, watch.Widen("base", read));
    }

    [Fact]
    public void a_read_forgets_only_what_was_noted_well_before_it_began()
    {
        var time = new ManualTime();
        var watch = new RecipientWatch(time);
        watch.Note("polygon", Voucher);
        watch.Note("base", Voucher);

        time.Advance(RecipientWatch.Kept);
        watch.Read("polygon", time.GetUtcNow());
        Assert.Equal([Voucher], watch.Widen("polygon", []));

        time.Advance(TimeSpan.FromSeconds(1));
        watch.Read("polygon", time.GetUtcNow());
        Assert.Empty(watch.Widen("polygon", []));
        Assert.Equal([Voucher], watch.Widen("base", []));
    }
}
