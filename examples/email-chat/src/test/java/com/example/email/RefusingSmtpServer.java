package com.example.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that knows no mailbox: every {@code RCPT TO} is answered {@code 550 5.1.1}, as a real server answers
 * for an unknown address. GreenMail takes mail for any address, so the test plays this one itself; it counts the
 * recipients it was asked for (one per attempt to send).
 */
final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger recipients = new AtomicInteger();

    RefusingSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName(MailServers.HOST));
        Thread acceptor = new Thread(this::accept, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many recipients were refused so far. */
    int refused() {
        return recipients.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "refusing-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                Writer out = new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            answer(out, "220 refusing.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    answer(out, "250 refusing.test");
                } else if (command.startsWith("MAIL FROM") || command.startsWith("RSET") || command.startsWith("NOOP")) {
                    answer(out, "250 2.0.0 OK");
                } else if (command.startsWith("RCPT TO")) {
                    recipients.incrementAndGet();
                    answer(out, "550 5.1.1 No such mailbox here");
                } else if (command.startsWith("DATA")) {
                    answer(out, "554 5.5.1 No valid recipients");
                } else if (command.startsWith("QUIT")) {
                    answer(out, "221 2.0.0 Bye");
                    return;
                } else {
                    answer(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException gone) {
            // the client hung up
        }
    }

    private static void answer(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
