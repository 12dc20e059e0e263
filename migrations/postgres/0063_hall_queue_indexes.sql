-- Issue 21 A (HALL-QUEUE): calling the next number stays as fast at 20,000 tickets a day as
-- at 2,000. The next ticket of a window's type is read in queue order straight from an index
-- (priority tickets first, then the ordinary ones, each by queue time and number) instead of
-- sorting the day's whole waiting queue, and a window's current ticket is found by its own
-- index.
CREATE INDEX hall_tickets_next ON hall_tickets(day, service, status, priority, queued_at, seq);
CREATE INDEX hall_tickets_window ON hall_tickets(day, window_number, status);
