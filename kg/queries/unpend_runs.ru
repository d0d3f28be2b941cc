# The pending marks of the ingest runs just relinked taken away (with the findings that now count
# their documents). kg.pipeline puts the runs' graph IRIs in place of UNDEF.
PREFIX kg: <https://w3id.org/crkg/ns#>
DELETE { GRAPH <https://w3id.org/crkg/graph/links> { <https://w3id.org/crkg/graph/links> kg:pendingRun ?run } }
WHERE { VALUES ?run { UNDEF } GRAPH <https://w3id.org/crkg/graph/links> { <https://w3id.org/crkg/graph/links> kg:pendingRun ?run } }
