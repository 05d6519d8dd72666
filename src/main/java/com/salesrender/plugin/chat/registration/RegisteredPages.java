package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.RegisteredReferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The API's {@link RegisteredReferences}, over {@link Registrations}: the page's arguments checked here, so a plugin
 * gets the {@link IllegalArgumentException} the API promises before anything is read.
 */
@ApplicationScoped
public class RegisteredPages implements RegisteredReferences {

    @Inject
    Registrations registrations;

    @Override
    public List<PluginReference> page(int page, int size) {
        long first = firstRow(page, size);
        return first > Integer.MAX_VALUE ? List.of() : registrations.references((int) first, size);
    }

    @Override
    public boolean isRegistered(PluginReference reference) {
        return registrations.isRegistered(reference);
    }

    /** The first row of a page, its arguments checked as {@link RegisteredReferences#page} promises. */
    static long firstRow(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("A page number is 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("A page size is 1 to " + MAX_PAGE_SIZE + ", not " + size);
        }
        return (long) page * size;
    }
}
