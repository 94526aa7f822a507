package io.autoservice.controller.model;

/**
 * An event as an agent sent it, to be stored: its run, sequence, time and wire bytes (kept as sent,
 * so a stored event is exactly what was acknowledged).
 */
public record EventRow(String runId, long seq, java.time.Instant time, byte[] body) {}
