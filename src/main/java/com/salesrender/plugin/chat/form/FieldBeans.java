package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.api.Autocomplete;
import com.salesrender.plugin.chat.api.MarkdownPreview;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.TablePreview;
import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The plugin's {@link Autocomplete}, {@link TablePreview} and {@link MarkdownPreview} beans by name. Checked when the
 * application starts: two beans of one kind with one name, or a name the settings form gives with no bean, stop the
 * start with a message naming it (the CRM's page would otherwise meet a 404 in front of the user).
 */
@ApplicationScoped
public class FieldBeans {

    private static final Logger LOG = Logger.getLogger(FieldBeans.class.getName());

    @Inject
    @Any
    Instance<Autocomplete> autocompletes;

    @Inject
    @Any
    Instance<TablePreview> tablePreviews;

    @Inject
    @Any
    Instance<MarkdownPreview> markdownPreviews;

    @Inject
    SettingsForm form;

    private Map<String, Autocomplete> autocompleteByName;
    private Map<String, TablePreview> tablePreviewByName;
    private Map<String, MarkdownPreview> markdownPreviewByName;

    /** Created when the application starts, so a missing bean stops the start, not a user's page. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void collect() {
        autocompleteByName = byName(autocompletes, Autocomplete::name, FormNames.Kind.AUTOCOMPLETE);
        tablePreviewByName = byName(tablePreviews, TablePreview::name, FormNames.Kind.TABLE_PREVIEW);
        markdownPreviewByName = byName(markdownPreviews, MarkdownPreview::name, FormNames.Kind.MARKDOWN_PREVIEW);
        List<String> missing;
        try {
            Map<FormNames.Kind, Set<String>> declared = new EnumMap<>(FormNames.Kind.class);
            declared.put(FormNames.Kind.AUTOCOMPLETE, autocompleteByName.keySet());
            declared.put(FormNames.Kind.TABLE_PREVIEW, tablePreviewByName.keySet());
            declared.put(FormNames.Kind.MARKDOWN_PREVIEW, markdownPreviewByName.keySet());
            missing = FormNames.unanswered(form.toJson(), declared);
        } catch (ContextNotActiveException e) {
            // A form made per request cannot be read at start; the routes still answer 404 for a missing bean.
            LOG.info("The settings form is made per request: the names its fields give are not checked at start");
            return;
        }
        if (!missing.isEmpty()) {
            throw FailedStart.stop(
                    String.join("; ", missing), new IllegalStateException("lookups without beans: " + missing));
        }
    }

    Optional<Autocomplete> autocomplete(String name) {
        return Optional.ofNullable(autocompleteByName.get(name));
    }

    Optional<TablePreview> tablePreview(String name) {
        return Optional.ofNullable(tablePreviewByName.get(name));
    }

    Optional<MarkdownPreview> markdownPreview(String name) {
        return Optional.ofNullable(markdownPreviewByName.get(name));
    }

    private static <T> Map<String, T> byName(Instance<T> beans, Function<T, String> name, FormNames.Kind kind) {
        Map<String, T> found = new HashMap<>();
        for (Instance.Handle<T> handle : beans.handles()) {
            T bean = handle.get();
            String named = name.apply(bean);
            if (named == null) {
                throw FailedStart.stop(
                        "The " + kind.type + " bean "
                                + handle.getBean().getBeanClass().getName() + " has no name",
                        new IllegalStateException(kind.type + " without a name"));
            }
            T other = found.putIfAbsent(named, bean);
            if (other != null) {
                throw FailedStart.stop(
                        "Two " + kind.type + " beans are named " + named + ", one is "
                                + handle.getBean().getBeanClass().getName(),
                        new IllegalStateException(kind.type + " " + named + " has two beans"));
            }
        }
        return Map.copyOf(found);
    }
}
