package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.platform.BoundedHttp;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code GET {issuer}/pkey/{id}}, guarded so that tokens cannot use it as an amplifier or a port scanner:
 *
 * <ul>
 *   <li>what a fetch gave (a key, or nothing) is remembered for {@code plugin.crm.key-fetch.retry-after}, and requests
 *       naming the same address meanwhile share one fetch;
 *   <li>at most {@code plugin.crm.key-fetch.concurrent} fetches run at once; a request over that is refused at once,
 *       not queued;
 *   <li>the whole fetch has one deadline, {@code plugin.crm.key-fetch.timeout}, and the answer at most 16 KiB;
 *   <li>every failure is the same {@link AccessDenied} message; the reason goes to the log only.
 * </ul>
 */
@ApplicationScoped
public class CrmKeyFetch {

    static final String FAILED = "The CRM public key could not be fetched";
    private static final Logger LOG = Logger.getLogger(CrmKeyFetch.class.getName());
    private static final int MAX_PEM_BYTES = 16384;
    private static final int REMEMBERED = 10_000;

    @Inject
    @ConfigProperties
    KeyFetchOptions options;

    @Inject
    KeyFetchMetrics metrics;

    private Duration timeout;
    private int concurrent;

    private final Map<KeyAddress, CompletableFuture<Optional<RSAPublicKey>>> running = new ConcurrentHashMap<>();
    private RecentFetches<KeyAddress, RSAPublicKey> recent;
    private Semaphore permits;
    private HttpClient http;

    @PostConstruct
    void init() {
        timeout = options.timeout;
        concurrent = options.concurrent;
        recent = new RecentFetches<>(options.retryAfter, REMEMBERED);
        permits = new Semaphore(Math.max(1, concurrent));
        http = BoundedHttp.crmClient(timeout);
    }

    /**
     * Made at start: a value of {@code plugin.crm.key-fetch.*} that does not convert stops the start, as it did when
     * each was injected by name (a group is only read when its bean is made).
     */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    /** The key published at this address, or {@link AccessDenied} with the one fetch failure message. */
    public RSAPublicKey fetch(KeyAddress address) {
        Optional<RecentFetches.Outcome<RSAPublicKey>> known = recent.recent(address, System.currentTimeMillis());
        if (known.isPresent()) {
            return orDenied(Optional.ofNullable(known.get().value()));
        }
        CompletableFuture<Optional<RSAPublicKey>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<RSAPublicKey>> other = running.putIfAbsent(address, mine);
        if (other != null) {
            return orDenied(await(other));
        }
        try {
            Optional<RSAPublicKey> key = fetchOnce(address);
            mine.complete(key);
            return orDenied(key);
        } finally {
            mine.complete(Optional.empty());
            running.remove(address, mine);
        }
    }

    private Optional<RSAPublicKey> fetchOnce(KeyAddress address) {
        if (!permits.tryAcquire()) {
            metrics.refused();
            LOG.fine(() -> "Key fetch " + address + " refused: " + concurrent + " fetches are running");
            return Optional.empty();
        }
        try {
            RSAPublicKey key = download(address);
            recent.remember(address, key, System.currentTimeMillis());
            metrics.fetched();
            return Optional.of(key);
        } catch (Failure e) {
            metrics.failed();
            LOG.fine(() -> "Key fetch " + address + " failed: " + e.getMessage());
            recent.remember(address, null, System.currentTimeMillis());
            return Optional.empty();
        } finally {
            permits.release();
        }
    }

    private RSAPublicKey download(KeyAddress address) throws Failure {
        BoundedHttp.Answer answer;
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(address.uri()).timeout(timeout).GET().build();
            answer = BoundedHttp.exchange(http, request, MAX_PEM_BYTES, timeout);
        } catch (IOException | RuntimeException e) {
            throw new Failure(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        if (answer.status() != 200) {
            throw new Failure("HTTP " + answer.status());
        }
        if (answer.cut()) {
            throw new Failure(
                    "the answer is larger than " + MAX_PEM_BYTES + " bytes or was not complete in " + timeout);
        }
        try {
            return PemKeys.rsaPublicKey(new String(answer.body(), StandardCharsets.US_ASCII));
        } catch (AccessDenied e) {
            throw new Failure("the answer is not an RSA public key in PEM form");
        }
    }

    /** Waits for the fetch another request started, no longer than a fetch may take. */
    private Optional<RSAPublicKey> await(CompletableFuture<Optional<RSAPublicKey>> fetch) {
        try {
            return fetch.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static RSAPublicKey orDenied(Optional<RSAPublicKey> key) {
        return key.orElseThrow(() -> new AccessDenied(FAILED));
    }

    /** Why a fetch failed: for the log, never for the caller. */
    private static final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
