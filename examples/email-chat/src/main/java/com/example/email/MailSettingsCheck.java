package com.example.email;

import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses settings that cannot work, when the company saves them: the SMTP server is reached and logged in to (a refused
 * login is an error on the password field, an unreachable server on the server field), and so is the IMAP mailbox when
 * one is set, whose folder must exist. The CRM shows each error beside its field; nothing is saved.
 */
@ApplicationScoped
public class MailSettingsCheck implements SettingsCheck {

    /** Each server gets this long to answer: the CRM waits for the save. */
    @Inject
    @ConfigProperty(name = "email.check.timeout", defaultValue = "PT5S")
    Duration timeout;

    @Override
    public FieldErrors check(PluginReference reference, JsonObject settings) {
        FieldErrors errors = FieldErrors.none();
        MailSettings.Smtp smtp = MailSettings.smtp(settings);
        try {
            new InternetAddress(smtp.from().trim(), true);
        } catch (AddressException e) {
            errors.add("smtp", "from", "Not an e-mail address");
        }
        try (Transport transport = MailSessions.smtp(smtp, timeout)) {
            // connected and logged in: nothing more to ask
        } catch (AuthenticationFailedException e) {
            errors.add("smtp", smtp.user().isEmpty() ? "user" : "password", "The SMTP server refused the login");
        } catch (MessagingException e) {
            errors.add("smtp", "host", "Cannot connect to the SMTP server: " + reason(e));
        }
        Optional<MailSettings.Imap> account = MailSettings.imap(settings);
        if (account.isPresent()) {
            MailSettings.Imap imap = account.get();
            try (Store store = MailSessions.imap(imap, timeout)) {
                Folder folder = store.getFolder(imap.folder());
                if (!folder.exists()) {
                    errors.add("imap", "folder", "The mailbox has no folder " + imap.folder());
                }
            } catch (AuthenticationFailedException e) {
                errors.add("imap", "password", "The IMAP server refused the login");
            } catch (MessagingException e) {
                errors.add("imap", "host", "Cannot connect to the IMAP server: " + reason(e));
            }
        }
        return errors;
    }

    /** The innermost cause's words (a refused connection, an unknown host), not the whole chain. */
    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
