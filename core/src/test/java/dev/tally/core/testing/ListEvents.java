package dev.tally.core.testing;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import java.util.Iterator;
import java.util.List;

/** Events from a list, as a reader with an empty header: for tests that need a source of exact events. */
public final class ListEvents implements EventReader {
    private final Iterator<CounterEvent> it;

    public ListEvents(List<CounterEvent> events) {
        this.it = events.iterator();
    }

    @Override
    public StreamHeader header() {
        return StreamHeader.empty();
    }

    @Override
    public CounterEvent next() {
        return it.hasNext() ? it.next() : null;
    }

    @Override
    public void close() {
    }
}
