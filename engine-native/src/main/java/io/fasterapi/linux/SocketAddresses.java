package io.fasterapi.linux;

import io.fasterapi.linux.ffi.libc_h;
import io.fasterapi.linux.ffi.sockaddr_in;
import io.fasterapi.linux.ffi.sockaddr_in6;
import io.fasterapi.linux.ffi.sockaddr_un;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Converts between {@link SocketAddress} and the kernel's {@code sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}. Not on any per-request path: addresses are converted at bind, connect, and when
 * someone asks a connection for its addresses.
 */
public final class SocketAddresses {
    /** Size of {@code struct sockaddr_storage}: room for any address. */
    public static final int STORAGE_BYTES = 128;

    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** {@code sun_path} holds 108 bytes including the terminating NUL. */
    private static final int MAX_UNIX_PATH_BYTES = 107;

    private SocketAddresses() {}

    /** The address family ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}) {@code address} needs. */
    public static int family(SocketAddress address) {
        return switch (address) {
            case InetSocketAddress inet when inet.getAddress() instanceof Inet4Address -> libc_h.AF_INET;
            case InetSocketAddress inet when inet.getAddress() instanceof Inet6Address -> libc_h.AF_INET6;
            case InetSocketAddress inet -> throw new IllegalArgumentException("unresolved address: " + inet);
            case UnixDomainSocketAddress ignored -> libc_h.AF_UNIX;
            default -> throw new IllegalArgumentException("unsupported address type: " + address.getClass());
        };
    }

    /**
     * Writes {@code address} into {@code target} (at least {@link #STORAGE_BYTES} long) and returns the
     * length to pass to {@code bind} or {@code connect}.
     */
    public static int encode(SocketAddress address, MemorySegment target) {
        target.asSlice(0, STORAGE_BYTES).fill((byte) 0);
        int family = family(address);
        if (family == libc_h.AF_UNIX) {
            return encodeUnix((UnixDomainSocketAddress) address, target);
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        byte[] ip = inet.getAddress().getAddress();
        if (family == libc_h.AF_INET) {
            sockaddr_in.sin_family(target, (short) libc_h.AF_INET);
            target.set(NET_SHORT, sockaddr_in.sin_port$offset(), (short) inet.getPort());
            MemorySegment.copy(ip, 0, target, ValueLayout.JAVA_BYTE, sockaddr_in.sin_addr$offset(), 4);
            return (int) sockaddr_in.sizeof();
        }
        sockaddr_in6.sin6_family(target, (short) libc_h.AF_INET6);
        target.set(NET_SHORT, sockaddr_in6.sin6_port$offset(), (short) inet.getPort());
        MemorySegment.copy(ip, 0, target, ValueLayout.JAVA_BYTE, sockaddr_in6.sin6_addr$offset(), 16);
        sockaddr_in6.sin6_scope_id(target, ((Inet6Address) inet.getAddress()).getScopeId());
        return (int) sockaddr_in6.sizeof();
    }

    private static int encodeUnix(UnixDomainSocketAddress address, MemorySegment target) {
        byte[] path = address.getPath().toString().getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length > MAX_UNIX_PATH_BYTES) {
            throw new IllegalArgumentException("unix socket path must be 1-" + MAX_UNIX_PATH_BYTES
                    + " bytes, was " + path.length + ": " + address.getPath());
        }
        sockaddr_un.sun_family(target, (short) libc_h.AF_UNIX);
        MemorySegment.copy(path, 0, target, ValueLayout.JAVA_BYTE, sockaddr_un.sun_path$offset(), path.length);
        // sun_family + path + NUL, as the kernel expects for pathname sockets.
        return (int) sockaddr_un.sun_path$offset() + path.length + 1;
    }

    /** Reads the address the kernel wrote into {@code source} ({@code length} bytes of it). */
    public static SocketAddress decode(MemorySegment source, int length) {
        int family = Short.toUnsignedInt(sockaddr_in.sin_family(source));
        try {
            return switch (family) {
                case libc_h.AF_INET -> {
                    byte[] ip = new byte[4];
                    MemorySegment.copy(source, ValueLayout.JAVA_BYTE, sockaddr_in.sin_addr$offset(), ip, 0, 4);
                    int port = Short.toUnsignedInt(source.get(NET_SHORT, sockaddr_in.sin_port$offset()));
                    yield new InetSocketAddress(InetAddress.getByAddress(ip), port);
                }
                case libc_h.AF_INET6 -> {
                    byte[] ip = new byte[16];
                    MemorySegment.copy(source, ValueLayout.JAVA_BYTE, sockaddr_in6.sin6_addr$offset(), ip, 0, 16);
                    int port = Short.toUnsignedInt(source.get(NET_SHORT, sockaddr_in6.sin6_port$offset()));
                    int scope = sockaddr_in6.sin6_scope_id(source);
                    yield new InetSocketAddress(Inet6Address.getByAddress(null, ip, scope), port);
                }
                case libc_h.AF_UNIX -> {
                    int pathBytes = Math.max(0, length - (int) sockaddr_un.sun_path$offset());
                    byte[] path = new byte[pathBytes];
                    MemorySegment.copy(source, ValueLayout.JAVA_BYTE, sockaddr_un.sun_path$offset(), path, 0, pathBytes);
                    int end = 0;
                    while (end < path.length && path[end] != 0) {
                        end++;
                    }
                    yield UnixDomainSocketAddress.of(new String(path, 0, end, StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("unsupported address family " + family);
            };
        } catch (UnknownHostException e) {
            throw new AssertionError("a raw address cannot be unknown", e);
        }
    }
}
