package com.salesrender.plugin.chat.form;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names a settings form's fields give, and what the start says about those without a bean. */
class FormNamesTest {

    private final SettingsForm form = SettingsForm.titled("Lookups")
            .group(
                    "main",
                    "Main",
                    g -> g.field("prefix", Field.string("Prefix"))
                            .field("fixed", Field.listOfEnum("Fixed", Map.of("a", "A")))
                            .field("listed", Field.listOfEnum("Listed", List.of(new Field.Option("A", null))))
                            .field("city", Field.listOfEnum("City", "cities")))
            .group("empty", "Empty", g -> {})
            .group(
                    "preview",
                    "Preview",
                    g -> g.field("sizes", Field.tablePreview("Sizes", "sizes"))
                            .field("readme", Field.markdownPreview("Readme", "readme"))
                            .field("frame", Field.iframe("Frame", "frame.html")));

    @Test
    void theNamesOfAutocompletesAndPreviewersInTheFormsOrder() {
        assertEquals(
                List.of(
                        new FormNames.Named(FormNames.Kind.AUTOCOMPLETE, "cities", "main.city"),
                        new FormNames.Named(FormNames.Kind.TABLE_PREVIEW, "sizes", "preview.sizes"),
                        new FormNames.Named(FormNames.Kind.MARKDOWN_PREVIEW, "readme", "preview.readme")),
                FormNames.of(form.toJson()));
    }

    @Test
    void eachNameWithoutABeanOfItsKindIsNamed() {
        assertEquals(
                List.of(),
                FormNames.unanswered(
                        form.toJson(),
                        Map.of(
                                FormNames.Kind.AUTOCOMPLETE, Set.of("cities"),
                                FormNames.Kind.TABLE_PREVIEW, Set.of("sizes"),
                                FormNames.Kind.MARKDOWN_PREVIEW, Set.of("readme", "other"))));
        assertEquals(
                List.of(
                        "the settings form's field main.city names the autocomplete \"cities\", and no Autocomplete"
                                + " bean of the plugin has that name",
                        "the settings form's field preview.readme names the markdown previewer \"readme\", and no"
                                + " MarkdownPreview bean of the plugin has that name"),
                FormNames.unanswered(
                        form.toJson(),
                        // A table previewer named "readme" does not answer for a markdown one.
                        Map.of(FormNames.Kind.TABLE_PREVIEW, Set.of("sizes", "readme"))));
    }

    @Test
    void aFormWithoutLookupsNeedsNoBean() {
        SettingsForm echo = SettingsForm.titled("Settings")
                .group(
                        "main",
                        "Main",
                        g -> g.field("prefix", Field.string("Answer prefix").required()));
        assertEquals(List.of(), FormNames.unanswered(echo.toJson(), Map.of()));
        assertEquals(List.of(), FormNames.unanswered(SettingsForm.titled("None").toJson(), Map.of()));
    }
}
