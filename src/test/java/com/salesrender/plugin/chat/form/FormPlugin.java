package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.api.Autocomplete;
import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.FieldRequest;
import com.salesrender.plugin.chat.api.MarkdownPreview;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.TablePreview;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin's settings form with dynamic fields and the beans behind them, as a plugin author writes them: the form (an
 * enabled alternative producer, over the echo plugin's; it keeps the echo's fields), an autocomplete "cities" and the
 * previewers "sizes" and "readme". Each bean answers with what it was given (the company, {@code dep},
 * {@code context}), so the test sees it arrive; "boom" anywhere makes it throw.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class FormPlugin {

    @Produces
    @Singleton // the form is immutable; a plain instance needs no proxy
    SettingsForm form() {
        return SettingsForm.titled("Form test")
                .group(
                        "main",
                        "Main",
                        g -> g.field("prefix", Field.string("Prefix").required().defaultValue("["))
                                .field("suffix", Field.string("Suffix").defaultValue("]"))
                                .field(
                                        "delay",
                                        Field.integer("Delay").min(0).max(10).defaultValue(3)))
                .group("auth", "Gateway account", g -> g.field("token", Field.password("API token")))
                .group(
                        "lookups",
                        "Lookups",
                        g -> g.field("city", Field.listOfEnum("City", "cities"))
                                .field("sizes", Field.tablePreview("Sizes", "sizes"))
                                .field("readme", Field.markdownPreview("Readme", "readme"))
                                .dependency("sizes", List.of("city")));
    }

    /** The values "{text}-1" and "{text}-2", grouped by what it was given; none for an empty text. */
    @ApplicationScoped
    public static class Cities implements Autocomplete {

        @Override
        public String name() {
            return "cities";
        }

        @Override
        public Map<String, Field.Option> query(String text, FieldRequest request) {
            boom(text + request);
            Map<String, Field.Option> found = new LinkedHashMap<>();
            if (!text.isEmpty()) {
                found.put(text + "-1", new Field.Option("City " + text + " 1", given(request)));
                found.put(text + "-2", new Field.Option("City " + text + " 2", null));
            }
            return found;
        }

        @Override
        public Map<String, Field.Option> values(List<String> values, FieldRequest request) {
            boom(values.toString() + request);
            Map<String, Field.Option> found = new LinkedHashMap<>();
            values.forEach(v -> found.put(v, new Field.Option("City " + v, given(request))));
            return found;
        }
    }

    /** A header row, then a row of what it was given. */
    @ApplicationScoped
    public static class Sizes implements TablePreview {

        @Override
        public String name() {
            return "sizes";
        }

        @Override
        public List<List<?>> render(FieldRequest request) {
            boom(request.toString());
            return List.of(
                    List.of("Company", "Dependencies", "Context"),
                    Arrays.asList(
                            request.reference().companyId(), request.dependencies(), request.context(), 20, null));
        }
    }

    /** A heading naming the company, then what it was given. */
    @ApplicationScoped
    public static class Readme implements MarkdownPreview {

        @Override
        public String name() {
            return "readme";
        }

        @Override
        public String render(FieldRequest request) {
            boom(request.toString());
            return "# " + request.reference().companyId() + "\n" + given(request);
        }
    }

    private static String given(FieldRequest request) {
        return request.reference().companyId() + " " + request.dependencies() + " " + request.context();
    }

    private static void boom(String given) {
        if (given.contains("boom")) {
            throw new IllegalStateException("the test bean was told to fail");
        }
    }
}
