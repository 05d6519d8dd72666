package com.salesrender.plugin.chat.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One outbound HTTP exchange with one deadline for all of it (connect, headers, body) and a cap on the answer's size: a
 * server that trickles or floods its answer cannot hold the caller longer or fill its memory. The JDK client's own
 * request timeout stops at the headers, hence the body's own deadline here.
 *
 * <p>The exchange runs on the caller's thread ({@link HttpClient#send}): the client's {@code sendAsync} completes every
 * answer on a fresh thread where the JVM has fewer than three cores (its completion executor is then one new thread per
 * task), a thread started and ended for each request to the CRM.
 */
public final class BoundedHttp {

    private BoundedHttp() {}

    /**
     * A client for requests to the CRM: no redirects followed, and HTTP/1.1 as the reference speaks it (no h2c upgrade
     * on http URIs, whose upgraded answers Java 17's client misreads about once in a hundred).
     */
    public static HttpClient crmClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * The answer: its status (0 when no headers arrived), at most {@code maxBytes} of its body, and whether the body
     * was cut (larger than the cap, or still arriving at the deadline).
     */
    public record Answer(int status, byte[] body, boolean cut) {}

    /**
     * Sends the request and reads the answer until it is complete, {@code maxBytes} were read or the deadline passed,
     * whichever comes first. Throws {@link IOException} when there was no answer (no headers) by then;
     * {@link IllegalArgumentException} from the client (a URI it cannot use, a port out of range) becomes one too.
     */
    public static Answer exchange(HttpClient http, HttpRequest request, int maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        Capped body = new Capped(maxBytes, System.nanoTime() + deadline.toNanos());
        try {
            // The request's timeout covers the wait for the headers; the body's deadline is the subscriber's own.
            HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(deadline)
                    .build();
            HttpResponse<byte[]> response = http.send(bounded, info -> body.start(info.statusCode()));
            return new Answer(response.statusCode(), response.body(), body.cut());
        } catch (HttpTimeoutException e) {
            throw new HttpTimeoutException("No answer within " + deadline);
        } catch (IllegalArgumentException e) {
            throw new IOException("Cannot send to " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the first {@code max} bytes of a body and stops reading there. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {

        private final int max;
        private final long deadlineNanos;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile int status;
        private volatile boolean cut;

        Capped(int max, long deadlineNanos) {
            this.max = max;
            this.deadlineNanos = deadlineNanos;
        }

        Capped start(int statusCode) {
            status = statusCode;
            return this;
        }

        boolean cut() {
            return cut;
        }

        synchronized byte[] soFar() {
            return bytes.toByteArray();
        }

        /** At the deadline: stop reading and keep what came. */
        private byte[] cutAtDeadline() {
            cut = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            return soFar();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (this) {
                for (ByteBuffer buffer : buffers) {
                    int room = max - bytes.size();
                    int take = Math.min(room, buffer.remaining());
                    byte[] chunk = new byte[take];
                    buffer.get(chunk);
                    bytes.writeBytes(chunk);
                    if (buffer.hasRemaining()) {
                        cut = true;
                        subscription.cancel();
                        result.complete(bytes.toByteArray());
                        return;
                    }
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(soFar());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            // The one timer thread of CompletableFuture completes a body still arriving at the deadline with null.
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            return result.completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
                    .thenApply(bytes -> bytes != null ? bytes : cutAtDeadline());
        }
    }
}
