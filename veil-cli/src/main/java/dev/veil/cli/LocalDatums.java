package dev.veil.cli;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The SDK's datum interfaces, filled in-process the way Numaflow fills them from its buffers. */
final class LocalDatums {

    private LocalDatums() {
    }

    /** A message between two local stages: what Numaflow would keep in its inter-step buffer. */
    record Item(String[] keys, byte[] value, Instant eventTime, long id) {
    }

    static io.numaproj.numaflow.mapper.Datum forMapper(Item item) {
        return new io.numaproj.numaflow.mapper.Datum() {
            @Override
            public byte[] getValue() {
                return item.value();
            }

            @Override
            public Instant getEventTime() {
                return item.eventTime();
            }

            @Override
            public Instant getWatermark() {
                return item.eventTime();
            }

            @Override
            public Map<String, String> getHeaders() {
                return Map.of();
            }
        };
    }

    static io.numaproj.numaflow.sinker.Datum forSinker(Item item) {
        return new io.numaproj.numaflow.sinker.Datum() {
            @Override
            public String[] getKeys() {
                return item.keys();
            }

            @Override
            public byte[] getValue() {
                return item.value();
            }

            @Override
            public Instant getEventTime() {
                return item.eventTime();
            }

            @Override
            public Instant getWatermark() {
                return item.eventTime();
            }

            @Override
            public String getId() {
                return Long.toString(item.id());
            }

            @Override
            public Map<String, String> getHeaders() {
                return Map.of();
            }
        };
    }

    /** The sink's view of a batch: datums one by one, then null, as the SDK's iterator ends. */
    static io.numaproj.numaflow.sinker.DatumIterator iterator(List<Item> batch) {
        Iterator<Item> it = batch.iterator();
        return () -> it.hasNext() ? forSinker(it.next()) : null;
    }
}
