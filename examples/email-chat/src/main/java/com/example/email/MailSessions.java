package com.example.email;

import com.example.email.MailSettings.Security;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.Properties;

/**
 * Jakarta Mail sessions for a company's servers: the protocol its encryption needs, STARTTLS required (never a silent
 * fall back to plain text), the server's certificate checked against its name, and every network wait bounded.
 */
final class MailSessions {

    private MailSessions() {}

    /** Connected to the company's SMTP server and logged in (when it has a user name); close it after use. */
    static Transport smtp(MailSettings.Smtp smtp, Duration timeout) throws jakarta.mail.MessagingException {
        String protocol = smtp.security() == Security.TLS ? "smtps" : "smtp";
        Properties properties = properties(protocol, smtp.security(), timeout);
        boolean login = !smtp.user().isEmpty();
        properties.setProperty("mail." + protocol + ".auth", String.valueOf(login));
        // The envelope sender: bounces go to the company's address.
        properties.setProperty("mail." + protocol + ".from", smtp.from());
        Transport transport = Session.getInstance(properties).getTransport(protocol);
        transport.connect(
                smtp.host().trim(), smtp.port(), login ? smtp.user() : null, login ? smtp.password() : null);
        return transport;
    }

    /** Connected to the company's IMAP server and logged in; close it after use. */
    static Store imap(MailSettings.Imap imap, Duration timeout) throws jakarta.mail.MessagingException {
        String protocol = imap.security() == Security.TLS ? "imaps" : "imap";
        Properties properties = properties(protocol, imap.security(), timeout);
        // Reading a mail's body must not mark it read: only a mail forwarded to the CRM is marked, after the forward.
        properties.setProperty("mail." + protocol + ".peek", "true");
        Store store = Session.getInstance(properties).getStore(protocol);
        store.connect(imap.host(), imap.port(), imap.user(), imap.password());
        return store;
    }

    private static Properties properties(String protocol, Security security, Duration timeout) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        String millis = String.valueOf(timeout.toMillis());
        properties.setProperty(prefix + "connectiontimeout", millis);
        properties.setProperty(prefix + "timeout", millis);
        properties.setProperty(prefix + "writetimeout", millis);
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (security == Security.STARTTLS) {
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        return properties;
    }
}
