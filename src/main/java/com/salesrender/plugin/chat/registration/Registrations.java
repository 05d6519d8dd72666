package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.access.AccessDenied;
import com.salesrender.plugin.chat.access.CrmToken;
import com.salesrender.plugin.chat.access.CrmTokens;
import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.PluginRegistered;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ResealedBatch;
import com.salesrender.plugin.chat.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registered plugin references: one registration each, replaced when the CRM registers again. A registration fires
 * the API's {@link PluginRegistered}; {@link RegisteredPages} lists them for plugins.
 *
 * <p>Most calls are reads on a request's or a message's path (is this reference registered? its HPT?), made once or
 * more per message: a plain bean, they run in the caller's transaction, without an EJB container's call around each, or
 * in one of their own (a cached check has none at all). The writes have a transaction of their own unless the caller
 * has one.
 */
@ApplicationScoped
public class Registrations {

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    private static final int MAX_KNOWN = 100_000;

    /** Rows read at a time when counting the HPTs under a previous key. */
    private static final int OLD_KEY_PAGE = 500;

    /** References seen registered by this instance. */
    private final Set<String> knownRegistered = ConcurrentHashMap.newKeySet();

    @PersistenceContext
    EntityManager em;

    @Inject
    CrmTokens tokens;

    @Inject
    Secrets secrets;

    @Inject
    Event<PluginRegistered> registered;

    @Inject
    Registrations self; // its proxy: find() runs in a transaction

    /** What a stored HPT is, bound to its ciphertext. */
    static final String HPT = "registration HPT";

    /**
     * The registration's HPT in clear, to sign a request to the CRM with.
     *
     * @throws Secrets.SecretUnreadable when it is encrypted and {@code plugin.secrets.key} cannot open it
     */
    public String hpt(Registration registration) {
        return secrets.open(HPT, registration.storedHpt());
    }

    /**
     * Reseals, with the current key, the HPTs of at most {@code size} registrations after id {@code afterId} (in id
     * order) that are sealed with a previous key or in the format before key ids. Each is rewritten only if its row
     * still holds the value read (a registration replaced meanwhile is sealed with a current key already, on this
     * instance or another).
     */
    @Transactional
    public ResealedBatch resealOldKeys(String afterId, int size) {
        int resealed = 0;
        int unreadable = 0;
        List<Object[]> rows = oldKeyRows(afterId, size);
        for (Object[] row : rows) {
            String stored = (String) row[1];
            String current;
            try {
                current = secrets.reseal(HPT, stored);
            } catch (Secrets.SecretUnreadable e) {
                unreadable++;
                continue;
            }
            if (!current.equals(stored)) {
                resealed += em.createQuery(
                                "UPDATE Registration r SET r.hpt = :current WHERE r.id = :id AND r.hpt = :stored")
                        .setParameter("current", current)
                        .setParameter("id", row[0])
                        .setParameter("stored", stored)
                        .executeUpdate();
            }
        }
        return new ResealedBatch(
                rows.size(), resealed, unreadable, rows.isEmpty() ? afterId : (String) rows.get(rows.size() - 1)[0]);
    }

    /** How many stored HPTs open with a previous key only (lost if the previous keys were removed now). */
    @Transactional // read on the old-key sweeper's managed task: in a transaction, as find() says why
    public long oldKeyValues() {
        long count = 0;
        String after = "";
        List<Object[]> rows;
        do {
            rows = oldKeyRows(after, OLD_KEY_PAGE);
            for (Object[] row : rows) {
                if (secrets.needsPreviousKey(HPT, (String) row[1])) {
                    count++;
                }
            }
            after = rows.isEmpty() ? after : (String) rows.get(rows.size() - 1)[0];
        } while (rows.size() == OLD_KEY_PAGE);
        return count;
    }

    /** Id and HPT of the registrations after {@code afterId} whose HPT a previous key, or no key id, sealed. */
    private List<Object[]> oldKeyRows(String afterId, int size) {
        List<String> prefixes = secrets.resealablePrefixes();
        if (prefixes.isEmpty()) {
            return List.of();
        }
        return ResealedBatch.bindPrefixes(
                        em.createQuery(
                                        "SELECT r.id, r.hpt FROM Registration r WHERE r.id > :after AND "
                                                + ResealedBatch.holdsPrefix("r.hpt", prefixes.size())
                                                + " ORDER BY r.id",
                                        Object[].class)
                                .setParameter("after", afterId),
                        prefixes,
                        false)
                .setMaxResults(size)
                .getResultList();
    }

    /** Stores the registration a verified token carries, replacing the reference's previous one. */
    @Transactional
    public Registration register(CrmToken token) {
        String hpt = token.stringClaim("HPT");
        if (hpt == null || hpt.isBlank() || hpt.length() > 1024 || hpt.indexOf('\u0000') >= 0) {
            throw ApiError.invalid("Registration token claim HPT is missing or invalid");
        }
        String country = token.stringClaim("country");
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw ApiError.invalid("Registration token claim country must be two letters");
        }
        String currency = token.stringClaim("currency");
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw ApiError.invalid("Registration token claim currency must be three letters");
        }
        PluginReference reference = token.reference();
        Long issuedAt = issuedAt(token);
        Long storedIssuedAt = find(reference).map(Registration::issuedAt).orElse(null);
        if (issuedAt != null && storedIssuedAt != null && issuedAt < storedIssuedAt) {
            // A replayed older token must not roll the registration (and its HPT) back.
            throw new AccessDenied("Registration token is older than the stored registration");
        }
        StoredReference.bind(em.createQuery("DELETE FROM Registration r WHERE " + StoredReference.of("r")), reference)
                .executeUpdate();
        Registration registration = new Registration(
                reference,
                secrets.seal(HPT, hpt),
                token.issuer(),
                country.toUpperCase(),
                currency.toUpperCase(),
                System.currentTimeMillis());
        // A token without iat cannot be ordered: it is taken, and the newest iat seen so far still guards.
        registration.issuedAt(issuedAt != null ? issuedAt : storedIssuedAt);
        em.persist(registration);
        // Fired in this transaction: AFTER_SUCCESS observers see it once the registration is committed.
        registered.fire(new PluginRegistered(reference));
        return registration;
    }

    /** The references from row {@code first} on, at most {@code size}, in the references' own order. */
    @Transactional // a plugin's work may page through them outside a transaction: as find() says why
    public List<PluginReference> references(int first, int size) {
        // The reference's own order (its unique index): a re-registration, a delete and an insert, keeps its place.
        return em
                .createQuery(
                        "SELECT r FROM Registration r ORDER BY r.reference.companyId, r.reference.pluginAlias,"
                                + " r.reference.pluginId",
                        Registration.class)
                .setFirstResult(first)
                .setMaxResults(size)
                .getResultList()
                .stream()
                .map(Registration::reference)
                .toList();
    }

    /** The token's iat in epoch seconds, or null without one (the CRM's tokens need not carry it). */
    private static Long issuedAt(CrmToken token) {
        return token.claim("iat") instanceof JsonNumber n ? n.longValue() : null;
    }

    /**
     * In the caller's transaction or one of its own: outside any, the container's entity manager is one tied to the
     * thread's context, which a request shares with the tasks and threads made during it (the first straight attempt's
     * thread, the lease renewals): closed with the request, it was handed to them closed.
     */
    @Transactional
    public Optional<Registration> find(PluginReference reference) {
        return StoredReference.bind(
                        em.createQuery(
                                "SELECT r FROM Registration r WHERE " + StoredReference.of("r"), Registration.class),
                        reference)
                .getResultList()
                .stream()
                .findFirst();
    }

    /**
     * The caller of a protected route ({@code X-PLUGIN-TOKEN}): 401 without a token, 403 for a bad token or an
     * unregistered reference.
     */
    public CrmToken authorize(String pluginToken) {
        if (pluginToken == null || pluginToken.isBlank()) {
            throw ApiError.unauthenticated("X-PLUGIN-TOKEN not found");
        }
        CrmToken token = tokens.verify(pluginToken);
        requireRegistered(token.reference());
        return token;
    }

    /** The refusal (403) of a verified caller whose plugin reference has no registration. */
    public void requireRegistered(PluginReference reference) {
        if (!isRegistered(reference)) {
            throw ApiError.forbidden("Plugin was not registered");
        }
    }

    /**
     * Whether the reference has a registration. The plugin never removes one (the CRM can only replace it), so a
     * reference once seen registered is remembered by this instance and not looked up again on every request.
     */
    public boolean isRegistered(PluginReference reference) {
        String key = StoredReference.key(reference);
        if (knownRegistered.contains(key)) {
            return true;
        }
        boolean registered = self.find(reference).isPresent();
        if (registered) {
            if (knownRegistered.size() >= MAX_KNOWN) {
                knownRegistered.clear(); // a bound on memory; the next requests look their references up again
            }
            knownRegistered.add(key);
        }
        return registered;
    }
}
