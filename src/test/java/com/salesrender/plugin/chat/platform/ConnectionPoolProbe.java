package com.salesrender.plugin.chat.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Test-only window on the plugin's database pool (in the test WAR, never in the product). */
@ApplicationScoped
@Path("test-probe/pool")
public class ConnectionPoolProbe {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource database;

    /** The class of a connection handle the pool hands out. */
    @GET
    @Path("connection-class")
    @Produces(MediaType.TEXT_PLAIN)
    public String connectionClass() throws SQLException {
        try (Connection connection = database.getConnection()) {
            return connection.getClass().getName();
        }
    }
}
