package org.paravane.toolstack.xend.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Decodes an XML-RPC {@code methodCall} (the XML-RPC specification, "Request example"
 * and "Scalar values"), strictly: every element, type and scalar is checked, and a
 * violation becomes an ERROR_INTERNAL fault that names what was wrong and where.
 *
 * <p>The JDK parser runs with DOCTYPE declarations refused outright (so no external
 * entity, external DTD or entity-expansion bomb can be expressed), XInclude off, secure
 * processing on, and an element depth limit. The body size is bounded before parsing.
 */
public final class XmlRpcParser {

    /** Deepest element nesting accepted (a value nested in arrays and structs included). */
    public static final int MAX_ELEMENT_DEPTH = 128;

    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DOUBLE = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]*");

    private final int maxBytes;
    private final DocumentBuilderFactory factory;

    /** A parser that refuses bodies larger than {@code maxBytes}. */
    public XmlRpcParser(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.factory = secureFactory();
    }

    /** The largest body accepted, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            // no DOCTYPE at all: rules out XXE, external DTDs and entity expansion
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setAttribute("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setIgnoringComments(true);
        f.setCoalescing(true);
        return f;
    }

    /** Decodes {@code body}. */
    public XmlRpcRequest parse(byte[] body) throws XmlRpcFault {
        if (body.length > maxBytes) {
            throw XendFaults.internal("request too large: " + body.length + " bytes, at most " + maxBytes);
        }
        Element root = document(body).getDocumentElement();
        if (!root.getTagName().equals("methodCall")) {
            throw bad("the root element is <" + root.getTagName() + ">, expected <methodCall>");
        }
        List<Element> parts = children(root, "methodCall");
        if (parts.isEmpty() || !parts.getFirst().getTagName().equals("methodName")) {
            throw bad("<methodCall> must start with <methodName>");
        }
        String method = text(parts.getFirst(), "methodName");
        if (!method.matches("[A-Za-z0-9_.:/]+")) {
            throw bad("<methodName> '" + method + "' is empty or holds characters other than "
                    + "letters, digits, '_', '.', ':' and '/'");
        }
        List<Object> params = new ArrayList<>();
        if (parts.size() > 2) {
            throw bad("<methodCall> holds <" + parts.get(2).getTagName() + "> after <params>; only <methodName> "
                    + "and <params> are allowed");
        }
        if (parts.size() == 2) {
            Element ps = parts.get(1);
            if (!ps.getTagName().equals("params")) {
                throw bad("<methodCall> holds <" + ps.getTagName() + ">, expected <params>");
            }
            int i = 0;
            for (Element p : children(ps, "params")) {
                i++;
                if (!p.getTagName().equals("param")) {
                    throw bad("<params> holds <" + p.getTagName() + ">, expected <param>");
                }
                List<Element> v = children(p, "param " + i);
                if (v.size() != 1 || !v.getFirst().getTagName().equals("value")) {
                    throw bad("<param> " + i + " must hold exactly one <value>");
                }
                params.add(value(v.getFirst(), "param " + i));
            }
        }
        return new XmlRpcRequest(method, params);
    }

    private Document document(byte[] body) throws XmlRpcFault {
        try {
            DocumentBuilder b = factory.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make the request invalid
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity '" + systemId + "' refused");
            });
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXParseException e) {
            throw bad("malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                    + e.getMessage());
        } catch (SAXException e) {
            throw bad("malformed XML: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw bad("cannot read the XML: " + e.getMessage());
        }
    }

    /** Decodes one {@code <value>}; {@code where} names it in errors (param 2, member 'x', ...). */
    private Object value(Element v, String where) throws XmlRpcFault {
        List<Element> typed = children(v, where);
        if (typed.isEmpty()) {
            return v.getTextContent(); // no type element: a string (spec, "Scalar values")
        }
        if (typed.size() > 1) {
            throw bad(where + ": <value> holds " + typed.size() + " elements, expected one type element");
        }
        Element t = typed.getFirst();
        if (hasText(v)) {
            throw bad(where + ": <value> holds text beside <" + t.getTagName() + ">");
        }
        String type = t.getTagName();
        return switch (type) {
            case "int", "i4" -> integer(text(t, where), where);
            case "boolean" -> bool(text(t, where), where);
            case "string" -> text(t, where);
            case "double" -> dbl(text(t, where), where);
            case "dateTime.iso8601" -> dateTime(text(t, where), where);
            case "base64" -> base64(text(t, where), where);
            case "nil" -> nil(t, where);
            case "struct" -> struct(t, where);
            case "array" -> array(t, where);
            default -> throw bad(where + ": unknown value type <" + type + ">");
        };
    }

    private static Integer integer(String s, String where) throws XmlRpcFault {
        String t = s.strip();
        if (!INT.matcher(t).matches()) {
            throw bad(where + ": <int> '" + s + "' is not a decimal integer");
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw bad(where + ": <int> " + t + " does not fit 32 bits (XML-RPC int is a 4-byte signed integer)");
        }
    }

    private static Boolean bool(String s, String where) throws XmlRpcFault {
        return switch (s.strip()) {
            case "0" -> Boolean.FALSE;
            case "1" -> Boolean.TRUE;
            default -> throw bad(where + ": <boolean> '" + s + "' must be 0 or 1");
        };
    }

    private static Double dbl(String s, String where) throws XmlRpcFault {
        String t = s.strip();
        if (!DOUBLE.matcher(t).matches()) {
            throw bad(where + ": <double> '" + s + "' is not a decimal number");
        }
        return Double.valueOf(t);
    }

    private static XmlRpcDateTime dateTime(String s, String where) throws XmlRpcFault {
        try {
            return new XmlRpcDateTime(s.strip());
        } catch (IllegalArgumentException e) {
            throw bad(where + ": <dateTime.iso8601> " + e.getMessage());
        }
    }

    private static byte[] base64(String s, String where) throws XmlRpcFault {
        if (!BASE64.matcher(s).matches()) {
            throw bad(where + ": <base64> holds characters outside the base64 alphabet");
        }
        try {
            return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw bad(where + ": <base64> is not valid base64: " + e.getMessage());
        }
    }

    private static Object nil(Element t, String where) throws XmlRpcFault {
        if (t.hasChildNodes()) {
            throw bad(where + ": <nil/> must be empty");
        }
        return null;
    }

    private Map<String, Object> struct(Element s, String where) throws XmlRpcFault {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Element m : children(s, where)) {
            if (!m.getTagName().equals("member")) {
                throw bad(where + ": <struct> holds <" + m.getTagName() + ">, expected <member>");
            }
            List<Element> nv = children(m, where);
            if (nv.size() != 2 || !nv.get(0).getTagName().equals("name") || !nv.get(1).getTagName().equals("value")) {
                throw bad(where + ": <member> must hold <name> then <value>");
            }
            String name = text(nv.get(0), where);
            if (out.containsKey(name)) {
                throw bad(where + ": <struct> has member '" + name + "' twice");
            }
            out.put(name, value(nv.get(1), where + " member '" + name + "'"));
        }
        return out;
    }

    private List<Object> array(Element a, String where) throws XmlRpcFault {
        List<Element> data = children(a, where);
        if (data.size() != 1 || !data.getFirst().getTagName().equals("data")) {
            throw bad(where + ": <array> must hold exactly one <data>");
        }
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (Element v : children(data.getFirst(), where)) {
            if (!v.getTagName().equals("value")) {
                throw bad(where + ": <data> holds <" + v.getTagName() + ">, expected <value>");
            }
            out.add(value(v, where + " item " + i));
            i++;
        }
        return out;
    }

    /** Element children of {@code e}; non-blank text between them is an error. */
    private static List<Element> children(Element e, String where) throws XmlRpcFault {
        List<Element> out = new ArrayList<>();
        boolean text = false;
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> out.add((Element) n);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text |= !n.getNodeValue().isBlank();
                case Node.COMMENT_NODE, Node.PROCESSING_INSTRUCTION_NODE -> { }
                default -> throw bad(where + ": unexpected XML node in <" + e.getTagName() + ">");
            }
        }
        if (text && !out.isEmpty() && !e.getTagName().equals("value")) {
            throw bad(where + ": <" + e.getTagName() + "> holds text beside its elements");
        }
        return out;
    }

    private static boolean hasText(Element e) {
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !n.getNodeValue().isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The text of a leaf element; child elements are an error. */
    private static String text(Element e, String where) throws XmlRpcFault {
        NodeList nodes = e.getChildNodes();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                throw bad(where + ": <" + e.getTagName() + "> must hold text only, found <" + n.getNodeName() + ">");
            }
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                b.append(n.getNodeValue());
            }
        }
        return b.toString();
    }

    private static XmlRpcFault bad(String message) {
        return XendFaults.internal("invalid XML-RPC request: " + message);
    }
}
