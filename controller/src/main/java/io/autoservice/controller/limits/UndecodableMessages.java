package io.autoservice.controller.limits;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lets a handler refuse a request the transport cannot decode, with a status that says why.
 *
 * <p>gRPC turns any decoding failure (a message nested deeper than the recursion limit, bytes that
 * are not the message) into UNKNOWN "Application error processing RPC", which tells a peer nothing
 * and skips the handler. Here such a message decodes instead as an empty one carrying the reason in
 * a field number the contract never uses; the handler answers it as INVALID_ARGUMENT.
 */
public final class UndecodableMessages {
  /** The highest field number protobuf allows; no message of the contract uses it. */
  private static final int REFUSAL_FIELD = 536_870_911;

  private UndecodableMessages() {}

  /**
   * The service with {@code method}'s requests decoded with {@code recursionLimit} and, when they
   * cannot be, as a refusal; {@code subject} names the request in the reason ("plan", "message").
   */
  public static ServerServiceDefinition apply(
      ServerServiceDefinition service,
      String method,
      int recursionLimit,
      String subject,
      String deeperThan) {
    ServiceDescriptor old = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(old.getName()).setSchemaDescriptor(old.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      ServerMethodDefinition<?, ?> replaced =
          m.getMethodDescriptor().getFullMethodName().equals(method)
              ? decoded(m, recursionLimit, subject, deeperThan)
              : m;
      methods.add(replaced);
      descriptor.addMethod(replaced.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  /** Why {@code request} could not be decoded, when it could not. */
  public static Optional<String> refusal(Message request) {
    UnknownFieldSet.Field field = request.getUnknownFields().getField(REFUSAL_FIELD);
    return field == null || field.getLengthDelimitedList().isEmpty()
        ? Optional.empty()
        : Optional.of(field.getLengthDelimitedList().get(0).toStringUtf8());
  }

  private static <Q, R> ServerMethodDefinition<Q, R> decoded(
      ServerMethodDefinition<Q, R> m, int recursionLimit, String subject, String deeperThan) {
    MethodDescriptor.Marshaller<Q> standard = m.getMethodDescriptor().getRequestMarshaller();
    if (!(standard instanceof MethodDescriptor.PrototypeMarshaller<Q> proto)
        || !(proto.getMessagePrototype() instanceof Message prototype)) {
      throw new IllegalArgumentException(
          m.getMethodDescriptor().getFullMethodName() + " is not a protobuf method");
    }
    // A PrototypeMarshaller still: gRPC-Web with JSON payloads (the web console) builds the
    // request from the prototype, and without one every such call failed with UNKNOWN.
    MethodDescriptor.PrototypeMarshaller<Q> marshaller =
        new MethodDescriptor.PrototypeMarshaller<>() {
          @Override
          public Q getMessagePrototype() {
            return proto.getMessagePrototype();
          }

          @Override
          public Class<Q> getMessageClass() {
            return proto.getMessageClass();
          }

          @Override
          public InputStream stream(Q value) {
            return standard.stream(value);
          }

          @Override
          @SuppressWarnings("unchecked")
          public Q parse(InputStream stream) {
            byte[] bytes;
            try {
              bytes = stream.readAllBytes(); // at most the server's inbound message limit
            } catch (IOException e) {
              throw new IllegalStateException("cannot read the request", e);
            }
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(recursionLimit);
            try {
              return (Q) prototype.getParserForType().parseFrom(in);
            } catch (InvalidProtocolBufferException e) {
              boolean tooDeep = String.valueOf(e.getMessage()).contains("levels of nesting");
              String why =
                  tooDeep
                      ? subject + ": nested far deeper than " + deeperThan
                      : subject
                          + ": not a valid "
                          + prototype.getDescriptorForType().getName()
                          + " ("
                          + e.getMessage()
                          + ")";
              return (Q)
                  prototype
                      .newBuilderForType()
                      .setUnknownFields(
                          UnknownFieldSet.newBuilder()
                              .addField(
                                  REFUSAL_FIELD,
                                  UnknownFieldSet.Field.newBuilder()
                                      .addLengthDelimited(ByteString.copyFromUtf8(why))
                                      .build())
                              .build())
                      .build();
            }
          }
        };
    return ServerMethodDefinition.create(
        m.getMethodDescriptor().toBuilder(
                marshaller, m.getMethodDescriptor().getResponseMarshaller())
            .build(),
        m.getServerCallHandler());
  }
}
