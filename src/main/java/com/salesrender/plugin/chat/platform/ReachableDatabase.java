package com.salesrender.plugin.chat.platform;

import java.sql.Connection;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Takes one connection from the plugin's data source before the persistence unit logs in, and ends a start that cannot
 * have one (see {@link FailedStart}). The server opens the persistence unit while it deploys the plugin, before any of
 * the plugin's beans run: a database that cannot be reached there failed the deployment, and Payara Micro went on
 * without the plugin, answering 404 on its port. The reason names the database's own answer (the driver's message holds
 * the address, never the password). The server choices the configuration makes ({@link ServerChoices}) are checked
 * first: they decide which database this is.
 *
 * <p>It also turns EclipseLink's own retry off: a transaction that could not get a connection was begun again three
 * times, 5 s apart, so while a database restarted or failed over each request hung for 15 s before its 503. Now it is
 * answered 503 with {@code Retry-After} at once (the CRM sends it again), and a worker hands its task back.
 */
public class ReachableDatabase implements SessionCustomizer {

    static final String DATA_SOURCE = "jdbc/chatPlugin";

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
        }
        ServerChoices.refusal(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class))
                .ifPresent(reason -> {
                    throw FailedStart.stop(reason, new IllegalStateException(reason));
                });
        try (Connection connection = ((DataSource) new InitialContext().lookup(DATA_SOURCE)).getConnection()) {
            connection.isValid(0);
        } catch (NamingException | SQLException e) {
            throw FailedStart.stop(
                    "the database could not be reached: " + rootMessage(e),
                    new IllegalStateException("The database behind " + DATA_SOURCE + " could not be reached", e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
