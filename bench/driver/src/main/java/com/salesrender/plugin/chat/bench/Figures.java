package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measured figures of one benchmark run, and latency percentiles. */
final class Figures {

    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    void put(String name, double value, String unit) {
        if (name.contains(",") || unit.contains(",")) {
            throw new IllegalArgumentException("A figure's name and unit go into a CSV cell: no comma in " + name);
        }
        values.put(name, new double[] {value});
        units.put(name, unit);
        System.out.printf("  %-48s %12.1f %s%n", name, value, unit);
    }

    double get(String name) {
        return values.get(name)[0];
    }

    void write(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("figure,value,unit");
        values.forEach((name, value) -> lines.add(name + "," + value[0] + "," + units.get(name)));
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
    }

    static Map<String, Double> read(Path csv) throws IOException {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String line :
                Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] cells = line.split(",");
            figures.put(cells[0], Double.parseDouble(cells[1]));
        }
        return figures;
    }

    /** The q-quantile (0..1) of the samples, nearest rank. */
    static double percentile(long[] samples, double q) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
