# The stored findings' version mark removed: an ingest run does this with its first document, so
# that until the run is relinked (or if it is interrupted) kg computes findings itself rather than
# read findings that do not count the run's documents.
PREFIX kg: <https://w3id.org/crkg/ns#>
DELETE WHERE { GRAPH <https://w3id.org/crkg/graph/links> { <https://w3id.org/crkg/graph/links> kg:findingsVersion ?v } }
