package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Places;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * When a status the {@code ChatSender} reported goes to the CRM straight from the send worker, once the send's outcome
 * is stored, instead of through the CRM requests' queue: a queue message, a claim's transaction and a hand-off between
 * workers less per message. Only while it costs the sending little: at most {@value #IN_FLIGHT} such requests at once
 * (the other send workers keep sending while a CRM is slow), and not to a CRM whose last straight request got no
 * answer, an error or a slow one, for {@link #PAUSE} after it. At most {@value #PER_REFERENCE} of the places go to one
 * plugin reference: a company's burst, whose statuses come by the thousand, leaves the others' fresh statuses a few
 * places (a share of half the places sent half of a burst's own statuses through the queue while nobody else wanted
 * them). Whatever does not go straight is queued as usual (fairly across references), so a CRM's trouble never holds
 * the gateways up for more than one request's deadline.
 */
@ApplicationScoped
public class DirectRoute {

    static final int IN_FLIGHT = 16;
    static final int PER_REFERENCE = 12;
    static final Duration SLOW = Duration.ofSeconds(1);
    static final Duration PAUSE = Duration.ofSeconds(30);

    private final Places places;
    private final long slowNanos;
    private final long pauseNanos;
    private final LongSupplier clock;
    /** CRM address (its cluster URI) to the time, on {@link #clock}, until which its requests are queued. */
    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

    public DirectRoute() {
        this(IN_FLIGHT, PER_REFERENCE, SLOW, PAUSE, System::nanoTime);
    }

    DirectRoute(int inFlight, int perReference, Duration slow, Duration pause, LongSupplier clock) {
        this.places = new Places(inFlight, perReference);
        this.slowNanos = slow.toNanos();
        this.pauseNanos = pause.toNanos();
        this.clock = clock;
    }

    /**
     * A place for one straight request about this reference, if one is free; close it when the request is over (or did
     * not go).
     */
    public Optional<Places.Place> take(PluginReference reference) {
        return places.take(StoredReference.key(reference));
    }

    /**
     * A place taken when the outcome that needs it is written, not before: an outcome may wait its turn to be written
     * ({@code Outcomes}), and a place held meanwhile is one another report cannot have. Close it when the request is
     * over (or did not go).
     */
    public Deferred deferred(PluginReference reference) {
        return new Deferred(reference);
    }

    /** Whether requests to this CRM may go straight now. */
    boolean open(String crm) {
        Long until = pausedUntil.get(crm);
        if (until == null) {
            return true;
        }
        if (clock.getAsLong() - until < 0) {
            return false;
        }
        pausedUntil.remove(crm, until);
        return true;
    }

    /**
     * How a straight request's exchange with this CRM went: answered in time, or not (no answer, an error, slow).
     * Answers whether that paused the route to it.
     */
    boolean answered(String crm, boolean answered, long tookNanos) {
        if (!answered || tookNanos >= slowNanos) {
            pausedUntil.put(crm, clock.getAsLong() + pauseNanos);
            return true;
        }
        return false;
    }

    /** Lifts every pause (for the test window). */
    void reopen() {
        pausedUntil.clear();
    }

    /**
     * A place taken by the write that needs it: {@link #take()} answers whether one was free, and gives back the one an
     * earlier try took (a write may run again after its group of outcomes failed).
     */
    public final class Deferred implements AutoCloseable {

        private final PluginReference reference;
        private final AtomicReference<Places.Place> held = new AtomicReference<>();

        private Deferred(PluginReference reference) {
            this.reference = reference;
        }

        /** Takes a place for the write now running, if one is free. */
        public boolean take() {
            close(); // the earlier try's place first, or a full route would refuse the one it gave
            Places.Place pass = DirectRoute.this.take(reference).orElse(null);
            held.set(pass);
            return pass != null;
        }

        @Override
        public void close() {
            Places.Place pass = held.getAndSet(null);
            if (pass != null) {
                pass.close();
            }
        }
    }
}
