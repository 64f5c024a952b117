using PaySessions.Pos.Components.Pages.Admin;

namespace PaySessions.Pos.Tests.Pages;

/// <summary>The delivery log's pager: page numbers for Radzen's grid, cursors for the log.</summary>
public sealed class CursorPagesTests
{
    [Fact]
    public void before_anything_is_read_the_first_page_starts_at_the_newest_row()
    {
        var pages = new CursorPages(20);

        Assert.Equal((0, null), pages.Page(0));
        Assert.Equal(1, pages.Count);
    }

    [Fact]
    public void a_full_page_with_more_behind_it_offers_exactly_one_page_more()
    {
        var pages = new CursorPages(20);

        pages.Read(0, 20, "981");

        Assert.Equal(21, pages.Count);
        Assert.Equal((1, "981"), pages.Page(20));
    }

    [Fact]
    public void the_last_page_read_gives_the_exact_count_and_going_back_reuses_each_page_cursor()
    {
        var pages = new CursorPages(20);
        pages.Read(0, 20, "981");
        pages.Read(1, 20, "961");
        pages.Read(2, 7, null);

        Assert.Equal(47, pages.Count);
        Assert.Equal((1, "981"), pages.Page(20));
        Assert.Equal((0, null), pages.Page(0));

        pages.Read(0, 20, "981");
        Assert.Equal(47, pages.Count);
    }

    [Fact]
    public void a_page_no_one_reached_yet_is_read_as_the_last_page_reached()
    {
        var pages = new CursorPages(20);
        pages.Read(0, 20, "981");

        Assert.Equal((1, "981"), pages.Page(200));
    }

    [Fact]
    public void an_empty_log_counts_nothing_and_reset_forgets_every_page()
    {
        var pages = new CursorPages(20);
        pages.Read(0, 0, null);
        Assert.Equal(0, pages.Count);

        pages.Reset();
        pages.Read(0, 20, "42");
        pages.Read(1, 20, "22");
        pages.Reset();

        Assert.Equal((0, null), pages.Page(40));
        Assert.Equal(1, pages.Count);
    }

    [Fact]
    public void a_page_that_became_the_end_drops_the_pages_beyond_it()
    {
        var pages = new CursorPages(20);
        pages.Read(0, 20, "981");
        pages.Read(1, 20, "961");

        pages.Read(0, 12, null);

        Assert.Equal(12, pages.Count);
        Assert.Equal((0, null), pages.Page(20));
    }
}
