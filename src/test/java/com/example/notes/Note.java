package com.example.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Test-only: an entity of a stand-in plugin, in a package of its own, on the plugin's own table (created by its
 * migration in db/plugin). Nothing lists it: the core's persistence unit finds it in WEB-INF/classes.
 */
@Entity
@Table(name = "notes_note")
public class Note {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "text", nullable = false, length = 1000)
    private String text;

    protected Note() {}

    public Note(String id, String text) {
        this.id = id;
        this.text = text;
    }

    public String id() {
        return id;
    }

    public String text() {
        return text;
    }
}
