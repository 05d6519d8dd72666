package com.salesrender.plugin.chat.platform;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * A duration in milliseconds on {@code /metrics} as a Prometheus histogram whose buckets add up across instances and
 * over time: {@code <name>_bucket{le="5.0"...le="30000.0",le="+Inf"}} (each the count of every value so far up to its
 * bound), {@code <name>_count}, {@code <name>_sum} and {@code <name>_max}.
 *
 * <p>Why the buckets are counted here and not by {@code mp.metrics.distribution.histogram.buckets}: Payara 6.2025.10
 * counts a configured bucket in the histogram's sample (at most 1028 values, weighted to the last minutes), only
 * {@code le="+Inf"} in every value; past 1028 values its buckets stop growing or shrink, which {@code rate()} and
 * {@code histogram_quantile()} read as resets and a latency in the top bucket. So Payara's histogram gives the count,
 * sum and max (its quantiles are turned off in microprofile-config.properties: they cannot be added up), and each
 * bucket is a gauge named {@code <name>_bucket} that only grows.
 */
public final class MillisecondsHistogram {

    /** The bucket bounds in milliseconds. */
    public static final long[] BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private final Histogram histogram;
    private final Buckets buckets = new Buckets(BOUNDS);

    private MillisecondsHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Registers the histogram {@code name} with these tags (each value from a fixed set). */
    public static MillisecondsHistogram register(
            MetricRegistry registry, String name, String description, Tag... tags) {
        // histogram(Metadata) without tags ignores mp.metrics.distribution.percentiles in Payara 6.2025.10 (it makes
        // the histogram without its configuration); histogram(Metadata, Tag...) reads it, also with no tag.
        MillisecondsHistogram histogram = new MillisecondsHistogram(registry.histogram(
                Metadata.builder().withName(name).withDescription(description).build(), tags));
        Metadata bucket = Metadata.builder()
                .withName(name + "_bucket")
                .withDescription(description + " (cumulative buckets, le in milliseconds)")
                .build();
        for (int i = 0; i <= BOUNDS.length; i++) {
            int index = i;
            registry.gauge(bucket, histogram, h -> h.buckets.upTo(index), withLe(tags, label(i)));
        }
        return histogram;
    }

    public void record(long milliseconds) {
        long value = Math.max(0, milliseconds);
        histogram.update(value);
        buckets.record(value);
    }

    /** The label {@code le} of bucket {@code index} as Payara writes its own: the bound as a Java double, or +Inf. */
    static String label(int index) {
        return index < BOUNDS.length ? Double.toString(BOUNDS[index]) : "+Inf";
    }

    private static Tag[] withLe(Tag[] tags, String le) {
        Tag[] all = Arrays.copyOf(tags, tags.length + 1);
        all[tags.length] = new Tag("le", le);
        return all;
    }

    /** Counts by bucket; bucket {@code bounds.length} is +Inf. */
    static final class Buckets {

        private final long[] bounds;
        private final LongAdder[] counts;

        Buckets(long[] bounds) {
            this.bounds = bounds.clone();
            counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void record(long value) {
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            counts[i].increment();
        }

        /** Values up to bound {@code index} (all of them for +Inf): what {@code le} means. */
        long upTo(int index) {
            long sum = 0;
            for (int i = 0; i <= index; i++) {
                sum += counts[i].sum();
            }
            return sum;
        }
    }
}
