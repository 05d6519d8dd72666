package com.example.email;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.WorkLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads each company's IMAP mailbox for customers' replies, on one instance at a time (the core holds a lease per
 * company: {@link ReferenceWorker}). Every {@code imap.interval} seconds it looks at the unread mail of the folder:
 *
 * <ul>
 *   <li>a reply to a mail of this plugin ({@code In-Reply-To} / {@code References} name its Message-ID) is forwarded to
 *       the CRM chat of that mail, then marked read;
 *   <li>any other mail is forwarded as a new chat (chat id null, the sender as contact) when the company turned
 *       {@code imap.newChats} on, then marked read; otherwise it is left alone, unread.
 * </ul>
 *
 * A mail is forwarded under its Message-ID, once: if the instance dies between the forward and marking the mail read,
 * the next read finds it unread and forwards nothing again. The connection stays open between reads; the work ends
 * (and starts again on this or another instance) when the company saves its settings, the lease is lost or the server
 * stops.
 */
@ApplicationScoped
public class MailboxWorker implements ReferenceWorker {

    private static final Logger LOG = Logger.getLogger(MailboxWorker.class.getName());

    @Inject
    Settings settings;

    @Inject
    MailThreads threads;

    @Inject
    ReplyForward forward;

    @Inject
    @ConfigProperty(name = "email.imap.timeout", defaultValue = "PT30S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "email.imap.retry", defaultValue = "PT30S")
    Duration retry;

    @Inject
    @ConfigProperty(name = "email.attachment.max-size", defaultValue = "10485760")
    long maxAttachment;

    @Override
    public String name() {
        return "email-mailbox";
    }

    @Override
    public boolean runsFor(JsonObject settings) {
        return MailSettings.imap(settings).isPresent();
    }

    /** After a failed run (the server could not be reached, the login was refused), the next try. */
    @Override
    public Duration pause() {
        return retry;
    }

    @Override
    public void run(PluginReference reference, WorkLease lease) throws Exception {
        Optional<MailSettings.Imap> account = MailSettings.imap(settings.of(reference));
        if (account.isEmpty()) {
            return;
        }
        MailSettings.Imap imap = account.get();
        try (Store store = MailSessions.imap(imap, timeout)) {
            Folder folder = store.getFolder(imap.folder());
            folder.open(Folder.READ_WRITE);
            try {
                LOG.info(() -> "Mailbox of " + reference + ": reading " + imap.folder() + " on " + imap.host() + ":"
                        + imap.port() + " every " + imap.interval() + " s");
                // Mails that answer no chat, left unread: not looked at again while this connection lasts.
                Set<String> leftAlone = new HashSet<>();
                do {
                    read(reference, imap, folder, lease, leftAlone);
                } while (lease.await(Duration.ofSeconds(imap.interval())));
            } finally {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            }
        }
    }

    private void read(
            PluginReference reference, MailSettings.Imap imap, Folder folder, WorkLease lease, Set<String> leftAlone)
            throws MessagingException {
        folder.getMessageCount(); // asks the server: mail that arrived since the last read is seen
        Message[] unread = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        FetchProfile headers = new FetchProfile();
        headers.add(UIDFolder.FetchProfileItem.UID);
        headers.add(FetchProfile.Item.ENVELOPE);
        headers.add("References");
        headers.add("In-Reply-To");
        headers.add("Message-ID");
        folder.fetch(unread, headers);
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        for (Message mail : unread) {
            if (!lease.held()) {
                return;
            }
            String place = imap.host() + "/" + imap.folder() + "/" + validity + "/" + uids.getUID(mail);
            if (leftAlone.contains(place)) {
                continue;
            }
            try {
                if (!handle(reference, imap, mail, place)) {
                    leftAlone.add(place);
                }
            } catch (Exception e) {
                // One mail that cannot be forwarded does not hold up the others; it is tried again next connection.
                LOG.log(Level.WARNING, "Mailbox of " + reference + ": a mail could not be forwarded (" + place + ")", e);
                leftAlone.add(place);
            }
        }
    }

    /** Forwards one unread mail and marks it read; false when it is left alone (it answers no chat). */
    private boolean handle(PluginReference reference, MailSettings.Imap imap, Message mail, String place)
            throws Exception {
        List<String> tokens = MailThreads.tokensIn(header(mail, "In-Reply-To"), header(mail, "References"));
        Optional<MailThreads.Thread> thread = threads.find(reference, tokens);
        if (thread.isEmpty() && !imap.newChats()) {
            return false;
        }
        IncomingMail reply = IncomingMail.read(mail, maxAttachment);
        String chatId = thread.map(MailThreads.Thread::chatId).orElse(null);
        boolean forwarded = forward.forward(reference, IncomingMail.gatewayId(mail, place), chatId, reply);
        mail.setFlag(Flags.Flag.SEEN, true);
        LOG.fine(() -> "Mailbox of " + reference + ": " + (forwarded ? "forwarded " : "forwarded before: ") + place);
        return true;
    }

    private static String header(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null ? null : String.join(" ", values);
    }
}
