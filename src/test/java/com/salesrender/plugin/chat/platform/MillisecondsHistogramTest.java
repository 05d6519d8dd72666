package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MillisecondsHistogramTest {

    @Test
    void eachBucketCountsEveryValueUpToItsBoundAndInfEveryValue() {
        MillisecondsHistogram.Buckets buckets = new MillisecondsHistogram.Buckets(new long[] {5, 10, 25});
        for (long value : new long[] {0, 5, 6, 10, 11, 25, 26, 100_000}) {
            buckets.record(value);
        }
        assertEquals(2, buckets.upTo(0), "le 5: 0 and 5 (a bound is inside its bucket)");
        assertEquals(4, buckets.upTo(1), "le 10");
        assertEquals(6, buckets.upTo(2), "le 25");
        assertEquals(8, buckets.upTo(3), "+Inf: all");
    }

    /** Past Payara's sample of 1028 values the buckets go on counting: every value, for ever. */
    @Test
    void bucketsNeverStopGrowing() {
        MillisecondsHistogram.Buckets buckets = new MillisecondsHistogram.Buckets(MillisecondsHistogram.BOUNDS);
        for (int i = 0; i < 5000; i++) {
            buckets.record(1);
        }
        assertEquals(5000, buckets.upTo(0));
        assertEquals(5000, buckets.upTo(MillisecondsHistogram.BOUNDS.length));
    }

    @Test
    void labelsAreWrittenAsPayaraWritesItsOwnBuckets() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i <= MillisecondsHistogram.BOUNDS.length; i++) {
            labels.add(MillisecondsHistogram.label(i));
        }
        assertEquals(
                List.of(
                        "5.0", "10.0", "25.0", "50.0", "100.0", "250.0", "500.0", "1000.0", "2500.0", "5000.0",
                        "10000.0", "30000.0", "+Inf"),
                labels);
    }
}
