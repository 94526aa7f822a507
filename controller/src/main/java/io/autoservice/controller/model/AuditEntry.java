package io.autoservice.controller.model;

import java.time.Instant;

/**
 * One row of the audit log.
 *
 * @param id position in the log, growing
 * @param actor the user who acted, {@code anonymous} for a call without a valid token
 * @param action one of the audit log's action names
 * @param target what it was done to: the dispatch target, a run id, a user, a refused method
 * @param detail free text: run ids, a reason
 * @param remoteAddr the caller's {@code host:port}, or {@code local} for the command line
 * @param planSha256 a dispatch's plan hash (hex), else {@code null}
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String detail,
    String remoteAddr,
    String planSha256) {}
