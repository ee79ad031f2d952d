"""sourced lsp against the capabilities of real clients (Neovim, VS Code)."""

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

sys.path.insert(0, str(Path(__file__).parent))
from conftest import sourced_bin  # noqa: E402

QUOTE = (
    "“We believe the overdose problem in the United States is mainly caused by "
    "domestic reasons,” said Liu."
)
DRAFT = (
    "# Notes 😀\n\nThe “crisis” 😀 is ‘real’, he wrote — "
    + QUOTE
    + "\n\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n"
)
QUOTE_FILE = "there-is-a-drug-overdose-crisis-in-the-united-states.txt"


def position(text: str, offset: int, encoding: str) -> types.Position:
    before = text[:offset]
    line = before.count("\n")
    col_text = before[before.rfind("\n") + 1 :]
    if encoding == "utf-8":
        col = len(col_text.encode("utf-8"))
    else:
        col = len(col_text.encode("utf-16-le")) // 2
    return types.Position(line=line, character=col)


@pytest_lsp.fixture(
    params=["neovim", "visual_studio_code"],
    config=ClientServerConfig(server_command=[sourced_bin(), "lsp", "--stdio"]),
)
async def client(request, lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")

    # The test client declares the editor's dynamic registration but does not answer it.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params):
        return None

    @lsp_client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister(params):
        return None

    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            workspace_folders=[
                types.WorkspaceFolder(uri=root.as_uri(), name="workspace")
            ],
        )
    )
    lsp_client.encoding = result.capabilities.position_encoding or "utf-16"
    lsp_client.pull = result.capabilities.diagnostic_provider is not None
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()


async def diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    if client.pull:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)
            )
        )
        return list(report.items)
    for _ in range(600):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.05)
    raise AssertionError("no diagnostics published")


def open_draft(client: LanguageClient) -> str:
    uri = (client.root / "draft.md").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=DRAFT
            )
        )
    )
    return uri


async def test_encoding_is_negotiated(client: LanguageClient):
    offered = client.capabilities.general and client.capabilities.general.position_encodings
    expected = "utf-8" if offered and "utf-8" in offered else "utf-16"
    assert client.encoding == expected


async def test_diagnostics_hover_definition(client: LanguageClient):
    uri = open_draft(client)
    items = await diagnostics(client, uri)
    assert [d.code for d in items] == ["figure-mismatch"]
    fig = DRAFT.index("63,600")
    assert items[0].range.start == position(DRAFT, fig, client.encoding)
    assert items[0].source == "sourced"

    at_quote = position(DRAFT, DRAFT.index("overdose problem"), client.encoding)
    doc = types.TextDocumentIdentifier(uri=uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=at_quote)
    )
    assert "Verified" in hover.contents.value
    assert QUOTE_FILE in hover.contents.value

    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=at_quote)
    )
    loc = found[0] if isinstance(found, list) else found
    assert loc.uri.endswith(QUOTE_FILE)

    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=types.Position(line=0, character=0))
    )
    assert nothing is None


async def test_code_actions_and_symbols(client: LanguageClient):
    uri = open_draft(client)
    items = await diagnostics(client, uri)
    doc = types.TextDocumentIdentifier(uri=uri)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc,
            range=items[0].range,
            context=types.CodeActionContext(diagnostics=items),
        )
    )
    titles = [a.title for a in actions]
    assert "Replace with 73,600" in titles
    assert any(t.startswith("Ignore this finding here") for t in titles)

    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc)
    )
    assert any(s.detail and s.detail.startswith("verified") for s in symbols)


async def test_completion_in_an_open_quotation(client: LanguageClient):
    uri = (client.root / "typing.md").as_uri()
    text = "She said “We believe the overdose"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(text, len(text), client.encoding),
        )
    )
    assert any("domestic reasons" in i.label for i in result.items)


async def test_commands(client: LanguageClient):
    files = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sourced.showSources", arguments=[])
    )
    assert len(files) == 5
