package com.salesrender.plugin.chat.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written byte by byte on a socket, for what the JDK client refuses to send: invalid UTF-8 in a body,
 * hand-made chunked bodies, lying lengths, raw paths and header bytes.
 */
public final class RawHttp {

    private RawHttp() {}

    /** Sends the head lines (CRLF added, Host and Connection: close first) and the body; reads the whole answer. */
    public static Reply exchange(URL base, String requestLine, String[] headers, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(requestLine)
                    .append("\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n")
                    .append("Connection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException answeredEarly) {
                // The server may answer (413) and close before the whole body went out: its answer still counts.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body sent with {@code Transfer-Encoding: chunked}, in chunks of {@code chunkSize} bytes. */
    public static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            int length = Math.min(chunkSize, body.length - offset);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException endOfAnswer) {
            // a reset after the answer was written: keep what arrived
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IllegalStateException("No HTTP answer: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        String contentType = "";
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        byte[] raw = text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
        String body =
                head.contains("transfer-encoding: chunked") ? unchunk(raw) : new String(raw, StandardCharsets.UTF_8);
        return new Reply(status, contentType, body);
    }

    private static String unchunk(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size =
                    Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(text, lineEnd + 2, Math.min(text.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return new String(body.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** An answer: status, content type (lower case, empty when absent) and body text. */
    public record Reply(int status, String contentType, String body) {}
}
