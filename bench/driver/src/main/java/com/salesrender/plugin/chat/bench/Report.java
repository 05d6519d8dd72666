package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Reads the benchmark's CSV files (docs/bench/{h2,postgresql}.csv and -accept.csv), prints one table of figures, the
 * targets met or missed and a few plain ratios, and draws docs/bench/accept.svg (accept rate and p99 latency by
 * concurrency).
 */
public final class Report {

    private static final String[] DATABASES = {"h2", "postgresql"};
    /** The width of the first column. */
    private static final int LABEL = 56;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/bench");
        Map<String, Map<String, Double>> runs = new LinkedHashMap<>();
        for (String db : DATABASES) {
            if (Files.exists(dir.resolve(db + ".csv"))) {
                runs.put(db, Figures.read(dir.resolve(db + ".csv")));
            }
        }
        List<String> names = new ArrayList<>();
        runs.values()
                .forEach(
                        f -> f.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-" + LABEL + "s", "figure"));
        runs.keySet().forEach(db -> table.append(String.format(Locale.ROOT, "%16s", db)));
        table.append('\n');
        for (String name : names) {
            table.append(String.format(Locale.ROOT, "%-" + LABEL + "s", name));
            runs.values()
                    .forEach(f -> table.append(String.format(Locale.ROOT, "%16.1f", f.getOrDefault(name, Double.NaN))));
            table.append('\n');
        }
        table.append('\n').append(String.format(Locale.ROOT, "%-" + LABEL + "s", "target (goal h2 / postgresql)"));
        runs.keySet().forEach(db -> table.append(String.format(Locale.ROOT, "%16s", db)));
        table.append('\n');
        target(
                table,
                runs,
                "accept p50 at concurrency 1, ms (<= 2 / 3)",
                f -> f.get("accept p50 at concurrency 1"),
                2,
                3,
                false);
        target(
                table,
                runs,
                "accept rate (best), /s (>= 1500 / 1000)",
                f -> f.get("accept rate (best)"),
                1500,
                1000,
                true);
        target(
                table,
                runs,
                "sustained end-to-end, msg/s (>= 1000 / 700)",
                f -> f.get("sustained end-to-end rate"),
                1000,
                700,
                true);
        target(
                table,
                runs,
                "round trip p99 at 50% sustained, ms (<= 100)",
                f -> f.get("round trip p99"),
                100,
                100,
                false);
        target(
                table,
                runs,
                "backlog drain / no-op gateway (>= 0.70)",
                f -> f.get("backlog drain rate") / f.get("no-op gateway rate (32 callers)"),
                0.70,
                0.70,
                true);
        target(table, runs, "RSS after load, MiB (<= 600)", f -> f.get("RSS after load"), 600, 600, false);
        target(table, runs, "accept-to-sender p50, ms (<= 10)", f -> f.get("accept-to-sender p50"), 10, 10, false);
        target(table, runs, "accept-to-sender p99, ms (<= 50)", f -> f.get("accept-to-sender p99"), 50, 50, false);
        target(table, runs, "sweep query p50, ms (<= 200)", f -> f.get("sweep query p50"), 200, 200, false);
        // Fair dispatch and less work per message: the one-status sender's and the real sender's goals.
        table.append('\n')
                .append(String.format(Locale.ROOT, "%-" + LABEL + "s", "target, fair dispatch (goal h2 / postgresql)"));
        runs.keySet().forEach(db -> table.append(String.format(Locale.ROOT, "%16s", db)));
        table.append('\n');
        for (String sender : new String[] {"one-status", "real"}) {
            target(
                    table,
                    runs,
                    "neighbour " + sender + ": B's round trip p99, ms (<= 300)",
                    f -> f.get("neighbour " + sender + ": B's round trip p99"),
                    300,
                    300,
                    false);
        }
        target(
                table,
                runs,
                "server CPU per message, one-status, ms (<= 2.0)",
                f -> f.get("server CPU per message"),
                2.0,
                2.0,
                false);
        target(
                table,
                runs,
                "server CPU per message, real sender, ms (<= 4.0)",
                f -> f.get("server CPU per message (real sender)"),
                4.0,
                4.0,
                false);
        target(
                table,
                runs,
                "sustained end-to-end, one-status, msg/s (>= 800 / 500)",
                f -> f.get("sustained end-to-end rate"),
                800,
                500,
                true);
        target(
                table,
                runs,
                "sustained end-to-end, real sender, msg/s (>= 250 / 150)",
                f -> f.get("sustained end-to-end rate (real sender)"),
                250,
                150,
                true);
        target(
                table,
                runs,
                "accept p50 at concurrency 1, ms (<= 3)",
                f -> f.get("accept p50 at concurrency 1"),
                3,
                3,
                false);
        table.append('\n').append(String.format(Locale.ROOT, "%-" + LABEL + "s", "ratio (no goal)"));
        runs.keySet().forEach(db -> table.append(String.format(Locale.ROOT, "%16s", db)));
        table.append('\n');
        ratio(
                table,
                runs,
                "accept rate (best) / raw insert+commit",
                f -> f.get("accept rate (best)") / f.get("raw insert+commit rate (8 connections)"));
        ratio(
                table,
                runs,
                "sustained end-to-end / accept rate (best)",
                f -> f.get("sustained end-to-end rate") / f.get("accept rate (best)"));
        System.out.print(table);
        Files.writeString(dir.resolve("summary.txt"), table.toString());
        Files.writeString(dir.resolve("accept.svg"), svg(dir));
        System.out.println("Wrote " + dir.resolve("summary.txt") + " and " + dir.resolve("accept.svg"));
    }

    /**
     * One target row: the value per database and met or MISS against that database's goal (a figure the run did not
     * measure reads NaN and MISS).
     */
    private static void target(
            StringBuilder table,
            Map<String, Map<String, Double>> runs,
            String name,
            ToDoubleFunction<Map<String, Double>> value,
            double h2Goal,
            double postgresqlGoal,
            boolean atLeast) {
        table.append(String.format(Locale.ROOT, "%-" + LABEL + "s", name));
        runs.forEach((db, f) -> {
            double v = valueOf(value, f);
            double goal = db.equals("h2") ? h2Goal : postgresqlGoal;
            boolean met = atLeast ? v >= goal : v <= goal; // false for NaN
            table.append(String.format(Locale.ROOT, "%11.2f %-4s", v, met ? "met" : "MISS"));
        });
        table.append('\n');
    }

    private static void ratio(
            StringBuilder table,
            Map<String, Map<String, Double>> runs,
            String name,
            ToDoubleFunction<Map<String, Double>> value) {
        table.append(String.format(Locale.ROOT, "%-" + LABEL + "s", name));
        runs.values().forEach(f -> table.append(String.format(Locale.ROOT, "%16.2f", valueOf(value, f))));
        table.append('\n');
    }

    /** The value, or NaN when a figure it needs is missing (a CSV from an older run). */
    private static double valueOf(ToDoubleFunction<Map<String, Double>> value, Map<String, Double> figures) {
        try {
            return value.applyAsDouble(figures);
        } catch (NullPointerException missing) {
            return Double.NaN;
        }
    }

    /** Two panels side by side: accepted per second, and p99 latency, by number of concurrent clients. */
    private static String svg(Path dir) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String db : DATABASES) {
            Path csv = dir.resolve(db + "-accept.csv");
            if (Files.exists(csv)) {
                List<double[]> rows = new ArrayList<>();
                for (String line : Files.readAllLines(csv)
                        .subList(1, Files.readAllLines(csv).size())) {
                    String[] c = line.split(",");
                    rows.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[4])
                    });
                }
                series.put(db, rows);
            }
        }
        StringBuilder svg = new StringBuilder(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"360\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"900\" height=\"360\" fill=\"white\"/>\n");
        panel(svg, series, 1, 20, "accepted per second (/special/send)");
        panel(svg, series, 2, 470, "p99 accept latency, ms");
        String[] colors = {"#1f77b4", "#d62728"};
        int i = 0;
        for (String db : series.keySet()) {
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"%d\" y=\"350\" fill=\"%s\">%s</text>\n", 60 + 120 * i, colors[i], db));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(
            StringBuilder svg, Map<String, List<double[]>> series, int column, int left, String title) {
        int width = 400;
        int height = 260;
        int top = 40;
        double max = series.values().stream()
                        .flatMap(List::stream)
                        .mapToDouble(r -> r[column])
                        .max()
                        .orElse(1)
                * 1.1;
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"25\" font-weight=\"bold\">%s</text>\n", left + 40, title));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                left + 40,
                top + height,
                left + 40 + width - 40,
                top + height));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                left + 40,
                top,
                left + 40,
                top + height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f</text>\n", left, top + 10, max));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">0</text>\n", left + 25, top + height));
        String[] colors = {"#1f77b4", "#d62728"};
        int s = 0;
        for (List<double[]> rows : series.values()) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                double x = left + 40 + 20 + i * (width - 80) / Math.max(1.0, rows.size() - 1);
                double y = top + height - rows.get(i)[column] / max * height;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (s == 0) {
                    svg.append(String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>\n",
                            x,
                            top + height + 15,
                            rows.get(i)[0]));
                }
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    points.toString().trim(),
                    colors[s % colors.length]));
            s++;
        }
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%d\">concurrent clients</text>\n", left + 180, top + height + 30));
    }
}
