package io.autoservice.controller.store;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.model.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Technicians' accounts; only a token's SHA-256 is kept. */
public interface UserStore {
  /** A valid user with the hash of its token, for authentication. */
  record Credential(User user, byte[] tokenHash) {}

  /** Adds a user; false when the name is taken. */
  boolean add(String name, Role role, byte[] tokenHash, Instant at);

  List<User> list();

  Optional<User> find(String name);

  boolean isEmpty();

  /** Marks the user revoked (if it was not). */
  void revoke(String name, Instant at);

  /** Every user not revoked, with its token hash. */
  List<Credential> valid();

  /** Sets the user's password hash (a PHC string); false when there is no such user. */
  boolean setPasswordHash(String name, String hash);

  /** The password hash of a valid (not revoked) user, if it has one. */
  Optional<String> passwordHash(String name);
}
