package dev.veil.display;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Refusals since start, one counter per reason. Thread-safe. */
final class RefusalCounts<E extends Enum<E>> {

    private final Map<E, AtomicLong> counts;

    RefusalCounts(Class<E> reasons) {
        counts = new EnumMap<>(reasons);
        for (E reason : reasons.getEnumConstants()) {
            counts.put(reason, new AtomicLong());
        }
    }

    void add(E reason) {
        counts.get(reason).incrementAndGet();
    }

    long get(E reason) {
        return counts.get(reason).get();
    }
}
