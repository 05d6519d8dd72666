package com.salesrender.plugin.chat.api;

import java.util.List;

/**
 * The plugin references registered with this plugin, for a plugin's own background work (a mailbox poller walks them; a
 * webhook checks the reference it was called for). The core provides the bean:
 *
 * <pre>
 * &#64;Inject RegisteredReferences references;
 * ...
 * for (int page = 0; ; page++) {
 *     List&lt;PluginReference&gt; some = references.page(page, 100);
 *     some.forEach(this::poll);
 *     if (some.size() &lt; 100) break;
 * }
 * </pre>
 *
 * A registration is never removed (the CRM can only replace it), so a reference once listed stays listed. The order is
 * the references' own (company id, then alias, then plugin id), not the time of registration: a company that registers
 * again keeps its place, so a walk page by page never skips a reference registered before it started. A reference
 * registered while a walk runs may sort onto a page already read (the walk then sees one reference twice, and the new
 * one at its next walk); {@link PluginRegistered} tells the instance that took the registration at once.
 */
public interface RegisteredReferences {

    /** The largest page {@link #page} serves. */
    int MAX_PAGE_SIZE = 1000;

    /**
     * The references of page {@code page} (0 first) of pages of {@code size}; fewer than {@code size} on the last page,
     * none past it.
     *
     * @throws IllegalArgumentException when {@code page} is negative or {@code size} is not 1 to {@link #MAX_PAGE_SIZE}
     */
    List<PluginReference> page(int page, int size);

    /** Whether the reference has registered this plugin (the CRM holds a secret to sign with for it). */
    boolean isRegistered(PluginReference reference);
}
