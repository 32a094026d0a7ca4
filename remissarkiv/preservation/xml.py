"""The XML the package is made of (METS, PREMIS, Dublin Core), as text written piece by piece: a 10,000-case
package never exists as one tree in memory. Every value passes `esc` or `attr` (XML escaping)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = uuid.UUID("6f1c3f1e-3b8a-5c2e-9a43-52656d697373")  # the package's own: ids are uuid5 of a path


def esc(text: object) -> str:
    return escape(str(text))


def attr(text: object) -> str:
    return quoteattr(str(text))


def ident(*parts: str) -> str:
    """A METS/PREMIS id (an xs:ID, unique in the package): the same input, the same id."""
    return "uuid-" + str(uuid.uuid5(NS, "\0".join(parts)))


def stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class Written:
    """A file in the package: its path (from the package root), size, SHA-256, media type and date."""

    path: str
    size: int
    sha256: str
    media_type: str
    created: dt.date


def _file_attributes(f: Written) -> str:
    return (f'MIMETYPE={attr(f.media_type)} SIZE="{f.size}" CREATED="{stamp(f.created)}" '
            f'CHECKSUM="{f.sha256}" CHECKSUMTYPE="SHA-256"')


# --- Dublin Core -------------------------------------------------------------------------------------------
def dublin_core(fields: list[tuple[str, str]]) -> str:
    inner = "".join(f"  <dc:{name}>{esc(value)}</dc:{name}>\n" for name, value in fields if value)
    return (XML_HEAD + '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + inner + "</oai_dc:dc>\n")


# --- METS --------------------------------------------------------------------------------------------------
METS_OPEN = ('<mets xmlns="http://www.loc.gov/METS/" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" '
             'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://www.loc.gov/METS/ schemas/mets.xsd '
             'http://www.w3.org/1999/xlink schemas/xlink.xsd '
             'https://DILCIS.eu/XML/METS/CSIPExtensionMETS schemas/DILCISExtensionMETS.xsd"')
# The schemas the package carries (schemas/), from the DILCIS Board's E-ARK-CSIP repository (README there).
SCHEMAS = ("mets.xsd", "xlink.xsd", "DILCISExtensionMETS.xsd")
# CSIP63 as eark-validator 1.1.3 checks it holds only for a file group that names its content type as OTHER.
CONTENT_TYPE = 'csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="Remissarkivet"'


def file_group(group_id: str, use: str) -> str:
    return f'  <fileGrp ID="{group_id}" USE={attr(use)} {CONTENT_TYPE}>\n'


def division(label: str, group_id: str) -> str:
    return f'   <div ID="{ident("div", label)}" LABEL={attr(label)}><fptr FILEID="{group_id}"/></div>\n'


def mets_head(objid: str, label: str, created: dt.date, creator: str, version: str) -> str:
    return (XML_HEAD + f'{METS_OPEN} OBJID={attr(objid)} LABEL={attr(label)} TYPE="Textual works – Digital" '
            'csip:CONTENTINFORMATIONTYPE="MIXED" PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">\n'
            f' <metsHdr CREATEDATE="{stamp(created)}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">\n'
            f'  <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><name>Remissarkivet</name>'
            f'<note csip:NOTETYPE="SOFTWARE VERSION">{esc(version)}</note></agent>\n'
            + (f'  <agent ROLE="ARCHIVIST" TYPE="ORGANIZATION"><name>{esc(creator)}</name></agent>\n' if creator else "")
            + " </metsHdr>\n")


def md_ref(f: Written, mdtype: str, other: str = "") -> str:
    kind = f'MDTYPE="OTHER" OTHERMDTYPE={attr(other)}' if other else f'MDTYPE="{mdtype}"'
    return (f'<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href={attr(f.path)} {kind} '
            f'{_file_attributes(f)}/>')


def dmd_sec(section_id: str, f: Written, mdtype: str, other: str = "") -> str:
    return (f' <dmdSec ID="{section_id}" CREATED="{stamp(f.created)}" STATUS="CURRENT">'
            f'{md_ref(f, mdtype, other)}</dmdSec>\n')


def amd_sec(section_id: str, f: Written) -> str:
    return (f' <amdSec><digiprovMD ID="{section_id}" STATUS="CURRENT">{md_ref(f, "PREMIS")}</digiprovMD>'
            "</amdSec>\n")


def file_entry(f: Written) -> str:
    return (f'   <file ID="{ident("file", f.path)}" {_file_attributes(f)}>'
            f'<FLocat LOCTYPE="URL" xlink:type="simple" xlink:href={attr(f.path)}/></file>\n')


# --- PREMIS ------------------------------------------------------------------------------------------------
PREMIS_OPEN = (XML_HEAD + '<premis xmlns="http://www.loc.gov/premis/v3" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0">\n')
EVENT_TYPES = "http://id.loc.gov/vocabulary/preservation/eventType"
# The vocabulary's terms this package uses, with their codes: published, corrected, withdrawn.
EVENT_CODES = {"dissemination": "dis", "modification": "mod", "deaccession": "dea"}


def premis_object(f: Written) -> str:
    return (' <object xsi:type="file"><objectIdentifier><objectIdentifierType>local</objectIdentifierType>'
            f"<objectIdentifierValue>{esc(f.path)}</objectIdentifierValue></objectIdentifier>"
            "<objectCharacteristics><compositionLevel>0</compositionLevel><fixity>"
            "<messageDigestAlgorithm>SHA-256</messageDigestAlgorithm>"
            f"<messageDigest>{f.sha256}</messageDigest></fixity><size>{f.size}</size>"
            f"<format><formatDesignation><formatName>{esc(f.media_type)}</formatName></formatDesignation></format>"
            "</objectCharacteristics></object>\n")


@dataclass(frozen=True)
class Event:
    kind: str          # a term of the Library of Congress' eventType vocabulary
    day: dt.date
    detail: str
    objects: tuple[str, ...]  # package paths of the files it concerns (none after a full removal)
    case: str          # the case's id: which case the event belongs to

    def xml(self, agent: str) -> str:
        links = "".join("<linkingObjectIdentifier><linkingObjectIdentifierType>local</linkingObjectIdentifierType>"
                        f"<linkingObjectIdentifierValue>{esc(p)}</linkingObjectIdentifierValue>"
                        "</linkingObjectIdentifier>" for p in self.objects)
        return (" <event><eventIdentifier><eventIdentifierType>local</eventIdentifierType>"
                f"<eventIdentifierValue>{ident('event', self.case, self.kind, self.day.isoformat(), self.detail)}"
                f"</eventIdentifierValue></eventIdentifier>"
                f'<eventType authority="eventType" authorityURI="{EVENT_TYPES}" '
                f'valueURI="{EVENT_TYPES}/{EVENT_CODES[self.kind]}">{esc(self.kind)}</eventType>'
                f"<eventDateTime>{self.day.isoformat()}</eventDateTime>"
                f"<eventDetailInformation><eventDetail>{esc(self.detail)}</eventDetail></eventDetailInformation>"
                "<linkingAgentIdentifier><linkingAgentIdentifierType>local</linkingAgentIdentifierType>"
                f"<linkingAgentIdentifierValue>{esc(agent)}</linkingAgentIdentifierValue></linkingAgentIdentifier>"
                f"{links}</event>\n")


def premis_agent(name: str, kind: str) -> str:
    return (" <agent><agentIdentifier><agentIdentifierType>local</agentIdentifierType>"
            f"<agentIdentifierValue>{esc(name)}</agentIdentifierValue></agentIdentifier>"
            f"<agentName>{esc(name)}</agentName><agentType>{esc(kind)}</agentType></agent>\n")
