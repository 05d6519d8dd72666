package com.salesrender.plugin.chat.testkit;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The application-scope series of a {@code /metrics} answer (Prometheus text), by name and labels. */
public final class Prometheus {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> series;
    private final String text;

    private Prometheus(Map<String, Double> series, String text) {
        this.series = series;
        this.text = text;
    }

    public static Prometheus parse(String text) {
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            if ("application".equals(labels.remove("mp_scope"))) {
                series.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
            }
        }
        return new Prometheus(series, text);
    }

    /**
     * The value of the series {@code name} with exactly these labels (name, value, name, value...); fails if absent.
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        Double value = series.get(key(name, wanted));
        if (value == null) {
            throw new AssertionError("No application series " + key(name, wanted) + " in:\n" + text);
        }
        return value;
    }

    /** The names of the application-scope series (a histogram's {@code _bucket}, {@code _count}... each its own). */
    public Set<String> names() {
        return series.keySet().stream()
                .map(key -> key.contains("{") ? key.substring(0, key.indexOf('{')) : key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The plugin's own series, for failure messages. */
    @Override
    public String toString() {
        return series.entrySet().stream()
                .filter(e -> e.getKey().startsWith("chat_"))
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private static String key(String name, Map<String, String> labels) {
        return labels.isEmpty()
                ? name
                : name
                        + labels.entrySet().stream()
                                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                                .collect(Collectors.joining(",", "{", "}"));
    }
}
