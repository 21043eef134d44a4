package org.paravane.core.console.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.paravane.core.domain.Domain;

/**
 * Gogo commands of xenconsoled: {@code hv:tty DOMAIN} prints the PTY of a domain's console
 * (what {@code hv console} attaches to), {@code hv:console DOMAIN} prints what the console
 * logged so far (the last 64 KiB), and {@code hv:consoles} lists every console. DOMAIN is a
 * domain id or a name.
 */
@Component(service = ConsoleCommands.class, property = {
    "osgi.command.scope=hv",
    "osgi.command.function=tty",
    "osgi.command.function=consoles",
    "osgi.command.function=console"
})
public final class ConsoleCommands {

    private final ConsoleComponent consoles;

    @Activate
    public ConsoleCommands(@Reference ConsoleComponent consoles) {
        this.consoles = consoles;
    }

    /** The PTY path of the domain's console. */
    public String tty(String domain) {
        int domid = resolve(domain);
        return consoles.tty(domid).orElseThrow(
                () -> new IllegalArgumentException("domain " + domid + " has no console"));
    }

    /** Bytes of the log {@code hv:console} prints at most (the newest). */
    static final int TAIL = 64 * 1024;

    /** The console output of the domain so far (its log file's last {@link #TAIL} bytes). */
    public String console(String domain) throws IOException {
        int domid = resolve(domain);
        Path log = consoles.logFile(domid).orElseThrow(
                () -> new IllegalArgumentException("domain " + domid + " has no console"));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - TAIL);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read until the snapshot size
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** Every console: domain id, name, PTY, log file. */
    public String consoles() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s %-24s %-12s %s%n", "ID", "Name", "TTY", "Log"));
        for (Map.Entry<Integer, String> e : consoles.consoles().entrySet()) {
            String name = consoles.domains().domain(e.getKey()).map(Domain::name).orElse("?");
            sb.append(String.format(Locale.ROOT, "%5d %-24s %-12s %s%n", e.getKey(), name, e.getValue(),
                    consoles.logFile(e.getKey()).map(Object::toString).orElse("-")));
        }
        return sb.toString();
    }

    /** A domain id, or the id of the live domain with that name. */
    int resolve(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("name a domain: its id or its name");
        }
        if (domain.chars().allMatch(Character::isDigit) && domain.length() <= 5) {
            int domid = Integer.parseInt(domain);
            if (consoles.domains().domain(domid).isEmpty()) {
                throw new IllegalArgumentException("no domain with id " + domid);
            }
            return domid;
        }
        return consoles.domains().byName(domain).map(Domain::domid)
                .orElseThrow(() -> new IllegalArgumentException("no domain named '" + domain + "'"));
    }
}
