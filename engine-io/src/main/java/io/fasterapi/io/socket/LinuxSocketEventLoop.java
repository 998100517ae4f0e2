package io.fasterapi.io.socket;

import io.fasterapi.io.EngineConfig;
import io.fasterapi.io.EventLoop;
import io.fasterapi.io.EventLoopGroup;
import io.fasterapi.linux.LinuxSocket;
import io.fasterapi.linux.Syscalls;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * What the io_uring and epoll loops share: listening sockets are descriptors opened with {@link LinuxSocket},
 * and an accepted descriptor goes to the loop that will own its connection. Engine-internal.
 */
public abstract class LinuxSocketEventLoop extends SocketEventLoop {

    protected LinuxSocketEventLoop(EventLoopGroup group, int index, EngineConfig config) {
        super(group, index, config);
    }

    /** Makes a connection of {@code fd}, accepted on {@code listener}, on this loop; loop thread. */
    protected abstract void adoptFd(int fd, Listener listener);

    @Override
    protected final ListenerHandle openListener(SocketAddress address, LinuxSocket.PortSharing sharing) throws IOException {
        return new ListenerHandle.Fd(LinuxSocket.listen(Syscalls.create(), address, sharing, config.listenBacklog()));
    }

    @Override
    protected final SocketAddress listenerAddress(ListenerHandle handle) throws IOException {
        return LinuxSocket.localAddress(Syscalls.create(), ((ListenerHandle.Fd) handle).fd());
    }

    @Override
    protected final void closeListenerHandle(ListenerHandle handle) {
        Syscalls.create().close(((ListenerHandle.Fd) handle).fd());
    }

    @Override
    protected final void adopt(AcceptedSocket socket, Listener listener) {
        adoptFd(((AcceptedSocket.Fd) socket).fd(), listener);
    }

    /**
     * A descriptor accepted here: adopted at once, or handed to the loop single-acceptor mode picks (closed
     * if that loop has terminated).
     */
    protected final void dispatchAccepted(int fd, Listener listener) {
        EventLoop target = listener.loopForNewConnection();
        if (target == this) {
            adoptFd(fd, listener);
            return;
        }
        LinuxSocketEventLoop owner = (LinuxSocketEventLoop) target;
        try {
            owner.execute(() -> owner.adoptFd(fd, listener));
        } catch (RuntimeException e) {
            Syscalls.create().close(fd);
        }
    }
}
