"""The archive's datasets described for Sweden's data portal: DCAT-AP-SE, as Turtle and RDF/XML (rdflib).

The classes and properties follow DIGG's minimal valid example: a dcat:Catalog with title, description,
publisher (foaf:Agent), licence and datasets; each dcat:Dataset with title, description, publisher, contact
point (vcard:Organization with an e-mail address) and distributions; each dcat:Distribution with its access
and download URL, media type, format, licence and modification date. Publisher, contact and licence come
from the settings; the modification date from the data.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from remissarkiv.config import Settings
from remissarkiv.opendata import records
from remissarkiv.site import urls

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"
_PREFIXES = {"dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "vcard": VCARD}
TTL = records.DCAT_TTL
RDF_XML = records.DCAT_RDF


@dataclass(frozen=True)
class Distribution:
    path: str
    title: str
    media_type: str
    file_type: str | None  # in the EU's file-type vocabulary; None where it has no entry (SQLite)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    distributions: tuple[Distribution, ...]


DATASETS = (
    Dataset("remissvar", "Remissvar från Stockholms nämnder",
            "Nämndernas svar på remisser: uppgifter om varje remissvar (nämnd, remiss, datum, beslut, "
            "ställningstagande, bilagor) och hela texten i en fil per remissvar.",
            (Distribution(records.CASES_JSON, "Alla remissvar (JSON)", "application/json", "JSON"),
             Distribution(records.CASES_CSV, "Alla remissvar (CSV)", "text/csv", "CSV"))),
    Dataset("remisser", "Remisser och nämndernas ställningstaganden",
            "En post per remiss med remittent, diarienummer, sista svarsdag och varje nämnds svar och "
            "ställningstagande.",
            (Distribution(records.REFERRALS_JSON, "Alla remisser (JSON)", "application/json", "JSON"),
             Distribution(records.REFERRALS_CSV, "Alla remisser (CSV)", "text/csv", "CSV"))),
    Dataset("databas", "Hela Remissarkivet som SQLite-databas",
            "Remissvar, remisser, tillfrågade remissinstanser, undertecknare och ämnen i en SQLite-fil med "
            "främmande nycklar och ett fritextindex (FTS5). Öppnas direkt i Datasette och sqlite-utils.",
            (Distribution(records.DATABASE, "Remissarkivet (SQLite)", "application/vnd.sqlite3", None),)),
)


def catalogue(settings: Settings, modified: str | None) -> Graph:
    base = settings.site_url
    here = urls.absolute(base, TTL)
    g = Graph(bind_namespaces="core")  # RDF/XML needs rdf:; no other default prefixes in the output
    for prefix, space in _PREFIXES.items():
        g.bind(prefix, space)
    licence = URIRef(settings.license)
    publisher = URIRef(settings.publisher_url)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.publisher, lang="sv")))
    contact = URIRef(here + "#kontakt")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.publisher, lang="sv")))
    g.add((contact, VCARD.hasEmail, URIRef("mailto:" + settings.contact_email)))
    cat = URIRef(here + "#katalog")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal("Remissarkivet", lang="sv")))
    g.add((cat, DCTERMS.description, Literal("Ett öppet arkiv över nämndernas remissvar, som öppna data.", lang="sv")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, DCTERMS.license, licence))
    g.add((cat, FOAF.homepage, URIRef(urls.absolute(base, ""))))
    for data in DATASETS:
        ds = URIRef(f"{here}#{data.key}")
        g.add((cat, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, DCTERMS.title, Literal(data.title, lang="sv")))
        g.add((ds, DCTERMS.description, Literal(data.description, lang="sv")))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCAT.contactPoint, contact))
        g.add((ds, DCTERMS.accrualPeriodicity, FREQUENCY.IRREG))
        g.add((ds, DCAT.landingPage, URIRef(urls.absolute(base, "oppna-data/"))))
        if modified:
            g.add((ds, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
        for dist in data.distributions:
            url = URIRef(urls.absolute(base, dist.path))
            node = URIRef(f"{here}#{dist.path.rsplit('/', 1)[-1]}")
            g.add((ds, DCAT.distribution, node))
            g.add((node, RDF.type, DCAT.Distribution))
            g.add((node, DCTERMS.title, Literal(dist.title, lang="sv")))
            g.add((node, DCAT.accessURL, url))
            g.add((node, DCAT.downloadURL, url))
            g.add((node, DCAT.mediaType, URIRef(MEDIA_TYPE + dist.media_type)))
            if dist.file_type:
                g.add((node, DCTERMS.format, FILE_TYPE[dist.file_type]))
            g.add((node, DCTERMS.license, licence))
            if modified:
                g.add((node, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    return g


def files(settings: Settings, modified: str | None) -> dict[str, bytes]:
    graph = catalogue(settings, modified)
    return {TTL: graph.serialize(format="turtle", encoding="utf-8"), RDF_XML: rdf_xml(graph)}


def rdf_xml(graph: Graph) -> bytes:
    """RDF/XML with subjects and properties in sorted order. rdflib's own RDF/XML writers follow set order,
    so two builds of an unchanged archive would differ; Turtle's writer is already stable."""
    rdf = f"{{{RDF}}}"
    spaces = {prefix: str(uri) for prefix, uri in graph.namespaces() if prefix in ("rdf", *_PREFIXES)}
    root = etree.Element(rdf + "RDF", nsmap=spaces)
    for subject in sorted(set(graph.subjects())):
        node = etree.SubElement(root, rdf + "Description", {rdf + "about": str(subject)})
        for predicate, obj in sorted(graph.predicate_objects(subject)):
            cut = max(predicate.rfind("#"), predicate.rfind("/")) + 1  # namespace | local name
            child = etree.SubElement(node, f"{{{predicate[:cut]}}}{predicate[cut:]}")
            if isinstance(obj, Literal):
                child.text = str(obj)
                if obj.language:
                    child.set("{http://www.w3.org/XML/1998/namespace}lang", obj.language)
                if obj.datatype:
                    child.set(rdf + "datatype", str(obj.datatype))
            else:
                child.set(rdf + "resource", str(obj))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
