package com.salesrender.plugin.chat.task;

/** A task held by one worker for one attempt; the id proves the hold when the outcome is recorded. */
public record Claim<T extends Task>(T task, String claimId) {}
