package com.example.notes;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only: the stand-in plugin's code using its own table through the core's persistence unit (the entity manager a
 * plugin injects), and a look at both migration histories.
 */
@Stateless
@Path("notes-probe")
@Produces(MediaType.APPLICATION_JSON)
public class NotesProbe {

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @POST
    @Path("notes")
    public String add(@QueryParam("text") String text) {
        Note note = new Note(UUID.randomUUID().toString(), text);
        em.persist(note);
        return Json.createObjectBuilder().add("id", note.id()).build().toString();
    }

    /** Read back in a later transaction (a new persistence context, no shared cache): from the table. */
    @GET
    @Path("notes/{id}")
    public String read(@PathParam("id") String id) {
        Note note = em.find(Note.class, id);
        JsonObjectBuilder answer = Json.createObjectBuilder().add("found", note != null);
        if (note != null) {
            answer.add("text", note.text());
        }
        long count = em.createQuery("SELECT COUNT(n) FROM Note n WHERE n.id = :id", Long.class)
                .setParameter("id", id)
                .getSingleResult();
        return answer.add("countByQuery", count).build().toString();
    }

    /** The scripts each history table records, in the order they ran, and the database's name. */
    @GET
    @Path("histories")
    public String histories() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Json.createObjectBuilder()
                    .add("database", connection.getMetaData().getDatabaseProductName())
                    .add("plugin", history(connection, "plugin_schema_history"))
                    .add("core", history(connection, "flyway_schema_history"))
                    .build()
                    .toString();
        }
    }

    private static JsonArrayBuilder history(Connection connection, String table) throws SQLException {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("SELECT \"version\", \"script\", \"success\" FROM \"" + table
                        + "\" ORDER BY \"installed_rank\"")) {
            while (row.next()) {
                rows.add(Json.createObjectBuilder()
                        .add("version", String.valueOf(row.getString(1)))
                        .add("script", row.getString(2))
                        .add("success", row.getBoolean(3)));
            }
        }
        return rows;
    }
}
