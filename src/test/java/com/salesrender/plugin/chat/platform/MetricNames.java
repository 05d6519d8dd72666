package com.salesrender.plugin.chat.platform;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The plugin's metric names ({@code chat_...}) that the operators' files use: the alerting rules, the Grafana dashboard
 * and the metrics table of the operations guide; and which of them a {@code /metrics} answer lacks.
 */
final class MetricNames {

    /** A metric name of the plugin: not inside a longer name, e.g. a recording rule's {@code job:chat_x}. */
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:])chat_[A-Za-z0-9_:]*");
    /** PromQL's string literals: label values (a queue named {@code chat_send}) and regular expressions. */
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    /** A row of a Markdown table whose first cell starts with a code span, and that span. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*`([^`]+)`");

    private MetricNames() {}

    /** The metric names of a PromQL expression. */
    static Set<String> inQuery(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(STRING.matcher(expression).replaceAll("\"\""));
        while (name.find()) {
            names.add(name.group());
        }
        return names;
    }

    /** The metric names of every rule's {@code expr} in a Prometheus rules file (YAML: groups, their rules). */
    static Set<String> inRules(String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("The rules file is not YAML: " + e.getMessage(), e);
        }
        Set<String> names = new TreeSet<>();
        List<?> groups = list(root instanceof Map<?, ?> map ? map.get("groups") : null, "the rules file's groups");
        for (int g = 0; g < groups.size(); g++) {
            Map<?, ?> group = map(groups.get(g), "group " + g);
            List<?> rules = list(group.get("rules"), "the rules of group " + g);
            for (int r = 0; r < rules.size(); r++) {
                Map<?, ?> rule = map(rules.get(r), "rule " + r + " of group " + g);
                if (!(rule.get("expr") instanceof String expression) || expression.isBlank()) {
                    throw new IllegalArgumentException("Rule " + r + " of group " + g + " has no expr: " + rule);
                }
                names.addAll(inQuery(expression));
            }
        }
        return names;
    }

    /**
     * The metric names of a Grafana dashboard's queries: every panel's targets (rows' own panels too) and the
     * templating variables' queries.
     */
    static Set<String> inDashboard(String json) {
        JsonObject dashboard;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            dashboard = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("The dashboard is not a JSON object: " + e.getMessage(), e);
        }
        if (!(dashboard.get("panels") instanceof JsonArray panels) || panels.isEmpty()) {
            throw new IllegalArgumentException("The dashboard has no panels");
        }
        Set<String> names = new TreeSet<>();
        addPanelQueries(panels, names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No panel of the dashboard queries a metric of the plugin");
        }
        if (dashboard.get("templating") instanceof JsonObject templating
                && templating.get("list") instanceof JsonArray variables) {
            for (JsonValue variable : variables) {
                JsonObject fields = variable.asJsonObject();
                text(fields.get("definition")).ifPresent(query -> names.addAll(inQuery(query)));
                JsonValue query = fields.get("query");
                text(query instanceof JsonObject object ? object.get("query") : query)
                        .ifPresent(text -> names.addAll(inQuery(text)));
            }
        }
        return names;
    }

    /**
     * The metric names in the first column of the tables of a guide's section (a Markdown {@code ## } heading starting
     * with {@code heading}, up to the next one): {@code `chat_send_tasks{state="..."}`} names {@code chat_send_tasks}.
     */
    static Set<String> inGuide(String markdown, String heading) {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        boolean found = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## " + heading);
                found |= inSection;
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inSection && row.find()) {
                Matcher name = NAME.matcher(row.group(1));
                if (name.lookingAt()) {
                    names.add(name.group());
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("The guide has no section \"## " + heading + "...\"");
        }
        return names;
    }

    /**
     * The names of {@code named} that no series of {@code exposed} bears: a name is there as a series of its own, or as
     * a histogram's family when its {@code _count} is.
     */
    static Set<String> missing(Set<String> named, Set<String> exposed) {
        Set<String> missing = new TreeSet<>();
        for (String name : named) {
            if (!exposed.contains(name) && !exposed.contains(name + "_count")) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static void addPanelQueries(JsonArray panels, Set<String> names) {
        for (JsonValue value : panels) {
            JsonObject panel = value.asJsonObject();
            if (panel.get("targets") instanceof JsonArray targets) {
                for (JsonValue target : targets) {
                    text(target.asJsonObject().get("expr")).ifPresent(query -> names.addAll(inQuery(query)));
                }
            }
            if (panel.get("panels") instanceof JsonArray nested) {
                addPanelQueries(nested, names); // a collapsed row holds its panels
            }
        }
    }

    private static Optional<String> text(JsonValue value) {
        return value instanceof JsonString string ? Optional.of(string.getString()) : Optional.empty();
    }

    private static List<?> list(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("Expected a list for " + what + ", got: " + value);
    }

    private static Map<?, ?> map(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("Expected a mapping for " + what + ", got: " + value);
    }
}
