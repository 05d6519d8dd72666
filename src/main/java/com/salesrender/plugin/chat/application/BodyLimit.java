package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ErrorBody;
import com.salesrender.plugin.chat.platform.RouteBodyLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with 413: a CRM request is a few kilobytes, and nothing larger
 * is read into memory. Bodies without a declared length are cut off at the limit. A route that takes more (file
 * uploads) raises its own servlet's limit with {@link RouteBodyLimits#raise}.
 */
@WebFilter("/*")
public class BodyLimit extends HttpFilter {

    public static final int MAX_BYTES = RouteBodyLimits.DEFAULT_BYTES;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Long raised = RouteBodyLimits.raised(request.getServletContext(), request.getServletPath());
        long limit = raised != null ? raised : MAX_BYTES;
        if (request.getContentLengthLong() > limit) {
            tooLarge(response, limit);
            return;
        }
        // Reading past the limit throws BodyTooLarge inside JAX-RS; ErrorMapper answers it with the 413.
        chain.doFilter(request.getContentLengthLong() < 0 && raised == null ? new Limited(request) : request, response);
    }

    private static final long DRAIN_BYTES = 8L * MAX_BYTES;

    static void tooLarge(HttpServletResponse response) throws IOException {
        tooLarge(response, MAX_BYTES);
    }

    static void tooLarge(HttpServletResponse response, long limit) throws IOException {
        ErrorBody.write(response, ApiError.bodyTooLarge(limit));
    }

    /** Thrown while reading past the limit. */
    public static class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super(ApiError.bodyTooLargeMessage(MAX_BYTES));
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > MAX_BYTES) {
                            throw tooLarge();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > MAX_BYTES) {
                            throw tooLarge();
                        }
                        return n;
                    }

                    /** Drops a bounded rest of the body first, so the client is still listening for the 413. */
                    private BodyTooLarge tooLarge() {
                        try {
                            byte[] rest = new byte[64 * 1024];
                            long left = DRAIN_BYTES;
                            int n;
                            while (left > 0 && (n = in.read(rest)) > 0) {
                                left -= n;
                            }
                        } catch (IOException | RuntimeException ignored) {
                            // the client went away: nothing more to read
                        }
                        return new BodyTooLarge();
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
