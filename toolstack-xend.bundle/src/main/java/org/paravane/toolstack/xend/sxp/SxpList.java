package org.paravane.toolstack.xend.sxp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parenthesised list. By xend's convention an element is a list whose first item is an
 * atom naming it: {@code (name child...)}; the helpers here read that convention
 * (xend's {@code sxp.name}, {@code sxp.child}, {@code sxp.child_value}).
 */
public record SxpList(List<Sxp> items) implements Sxp {

    /** Freezes the items. */
    public SxpList {
        items = List.copyOf(items);
    }

    /** The element name: the first item when it is an atom, else {@code null}. */
    public String name() {
        return !items.isEmpty() && items.getFirst() instanceof SxpAtom a ? a.value() : null;
    }

    /** The items after the name. */
    public List<Sxp> rest() {
        return items.isEmpty() ? List.of() : items.subList(1, items.size());
    }

    /** The first child element called {@code name}, or {@code null}. */
    public SxpList child(String name) {
        for (Sxp s : rest()) {
            if (s instanceof SxpList l && name.equals(l.name())) {
                return l;
            }
        }
        return null;
    }

    /** All child elements called {@code name}, in order. */
    public List<SxpList> children(String name) {
        List<SxpList> out = new ArrayList<>();
        for (Sxp s : rest()) {
            if (s instanceof SxpList l && name.equals(l.name())) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The value of child {@code (name value)} when that value is an atom, else
     * {@code fallback}.
     */
    public String childValue(String name, String fallback) {
        SxpList c = child(name);
        if (c != null && c.items.size() >= 2 && c.items.get(1) instanceof SxpAtom a) {
            return a.value();
        }
        return fallback;
    }

    @Override
    public String toString() {
        return SxpPrinter.print(this);
    }
}
