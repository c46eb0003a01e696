--
-- PostgreSQL database dump
--

\restrict qoHvDRCCbbrDGS1mAJxTzBbZeC84gIqxmFbWURp2CQVa8HmXAjSugPpYza3mvCg

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ai; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ai;


--
-- Name: app; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app;


--
-- Name: fs; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA fs;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: agno_compactions; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_compactions (
    compaction_id character varying NOT NULL,
    session_id character varying NOT NULL,
    run_id character varying,
    user_id character varying,
    first_kept_message_id character varying,
    summary character varying,
    archived_messages character varying,
    messages_compacted bigint,
    tokens_before bigint,
    tokens_after bigint,
    created_at bigint NOT NULL
);


--
-- Name: agno_runs; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_runs (
    run_id character varying NOT NULL,
    session_id character varying NOT NULL,
    run_type character varying NOT NULL,
    agent_id character varying,
    team_id character varying,
    workflow_id character varying,
    user_id character varying,
    parent_run_id character varying,
    status character varying,
    run_index bigint,
    run_data jsonb NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint
);


--
-- Name: agno_schema_versions; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_schema_versions (
    table_name character varying NOT NULL,
    version character varying NOT NULL,
    created_at character varying NOT NULL,
    updated_at character varying
);


--
-- Name: agno_sessions; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_sessions (
    session_id character varying NOT NULL,
    session_type character varying NOT NULL,
    agent_id character varying,
    team_id character varying,
    workflow_id character varying,
    user_id character varying,
    session_data jsonb,
    agent_data jsonb,
    team_data jsonb,
    workflow_data jsonb,
    metadata jsonb,
    summary jsonb,
    created_at bigint NOT NULL,
    updated_at bigint
);


--
-- Name: agno_tool_results; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_tool_results (
    result_id character varying NOT NULL,
    namespace character varying NOT NULL,
    path character varying NOT NULL,
    session_id character varying NOT NULL,
    run_id character varying NOT NULL,
    tool_call_id character varying NOT NULL,
    tool_name character varying NOT NULL,
    args_hash character varying NOT NULL,
    content_type character varying NOT NULL,
    size_bytes bigint NOT NULL,
    line_count bigint NOT NULL,
    preview text NOT NULL,
    user_id character varying,
    created_at bigint NOT NULL,
    expires_at bigint
);


--
-- Name: agno_transcripts; Type: TABLE; Schema: ai; Owner: -
--

CREATE TABLE ai.agno_transcripts (
    framework character varying NOT NULL,
    project_key character varying NOT NULL,
    session_id character varying NOT NULL,
    subpath character varying NOT NULL,
    "position" bigint NOT NULL,
    entry_uuid character varying,
    entry character varying NOT NULL,
    agno_session_id character varying NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: agno_compactions; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.agno_compactions (
    compaction_id character varying NOT NULL,
    session_id character varying NOT NULL,
    run_id character varying,
    user_id character varying,
    first_kept_message_id character varying,
    summary character varying,
    archived_messages character varying,
    messages_compacted bigint,
    tokens_before bigint,
    tokens_after bigint,
    created_at bigint NOT NULL
);


--
-- Name: agno_schema_versions; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.agno_schema_versions (
    table_name character varying NOT NULL,
    version character varying NOT NULL,
    created_at character varying NOT NULL,
    updated_at character varying
);


--
-- Name: agno_tool_results; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.agno_tool_results (
    result_id character varying NOT NULL,
    namespace character varying NOT NULL,
    path character varying NOT NULL,
    session_id character varying NOT NULL,
    run_id character varying NOT NULL,
    tool_call_id character varying NOT NULL,
    tool_name character varying NOT NULL,
    args_hash character varying NOT NULL,
    content_type character varying NOT NULL,
    size_bytes bigint NOT NULL,
    line_count bigint NOT NULL,
    preview text NOT NULL,
    user_id character varying,
    created_at bigint NOT NULL,
    expires_at bigint
);


--
-- Name: agno_transcripts; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.agno_transcripts (
    framework character varying NOT NULL,
    project_key character varying NOT NULL,
    session_id character varying NOT NULL,
    subpath character varying NOT NULL,
    "position" bigint NOT NULL,
    entry_uuid character varying,
    entry character varying NOT NULL,
    agno_session_id character varying NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: my_custom_runs; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.my_custom_runs (
    run_id character varying NOT NULL,
    session_id character varying NOT NULL,
    run_type character varying NOT NULL,
    agent_id character varying,
    team_id character varying,
    workflow_id character varying,
    user_id character varying,
    parent_run_id character varying,
    status character varying,
    run_index bigint,
    run_data jsonb NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint
);


--
-- Name: my_sessions; Type: TABLE; Schema: app; Owner: -
--

CREATE TABLE app.my_sessions (
    session_id character varying NOT NULL,
    session_type character varying NOT NULL,
    agent_id character varying,
    team_id character varying,
    workflow_id character varying,
    user_id character varying,
    session_data jsonb,
    agent_data jsonb,
    team_data jsonb,
    workflow_data jsonb,
    metadata jsonb,
    summary jsonb,
    created_at bigint NOT NULL,
    updated_at bigint
);


--
-- Name: agno_fs; Type: TABLE; Schema: fs; Owner: -
--

CREATE TABLE fs.agno_fs (
    namespace character varying NOT NULL,
    path character varying NOT NULL,
    content text NOT NULL,
    size_bytes bigint NOT NULL,
    version bigint NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint,
    user_id character varying DEFAULT ''::character varying NOT NULL
);


--
-- Data for Name: agno_compactions; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_compactions VALUES ('fd80a0c03d43468e9bc36664ca7aa038', '31000000-0000-4000-8000-000000000001', 'run-31-004', 'alice', '1b273ff6-8b20-4000-932f-0634db39ebfa', 'The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.', '## user

What is the weather in Lisbon in May?

## assistant

**calls** `get_weather`: {"city": "Lisbon"}

## tool (get_weather)

21°C sunny

## assistant

Lisbon: 21°C, sunny.

## user

Which hotels are near Alfama?

## assistant

**calls** `find_hotels`: {"city": "Lisbon"}

## tool (find_hotels)

Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).

## assistant

Alfama Suites looks best.', 8, 81, 55, 1770024600);
INSERT INTO ai.agno_compactions VALUES ('88b5aa4e39a74c0ba1813d87f2e14774', '31000000-0000-4000-8000-000000000001', NULL, 'alice', '3e012710-61fd-4639-b118-375db6b88d10', 'The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.', '## user

How does the tram 28 run?

## assistant

Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.', 2, 148, 53, 1770025800);


--
-- Data for Name: agno_runs; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_runs VALUES ('run-31-001', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 0, '{"input": {"input_content": "What is the weather in Lisbon in May?"}, "model": "fake-model-1", "tools": [{"result": "21°C sunny", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770022800, "approval_id": null, "child_run_id": null, "tool_call_id": "call_w1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-001", "status": "COMPLETED", "content": "Lisbon: 21°C, sunny.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "431bdbea-a379-40f1-a6bc-3c21d2be100a", "role": "user", "content": "What is the weather in Lisbon in May?", "created_at": 1770022800, "from_history": false, "stop_after_tool_call": false}, {"id": "c8570563-7c90-4d94-a2fa-a9fb9a32daea", "role": "assistant", "created_at": 1770022800, "tool_calls": [{"id": "call_w1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "3509fdd4-0775-4cc1-9bef-0d65bd416a08", "role": "tool", "content": "21°C sunny", "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770022800, "from_history": false, "tool_call_id": "call_w1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "d494b8b9-3601-489e-82f7-b088a98afd0a", "role": "assistant", "content": "Lisbon: 21°C, sunny.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770022800, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770022800, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770022800, 1770022800);
INSERT INTO ai.agno_runs VALUES ('run-31-002', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Which hotels are near Alfama?"}, "model": "fake-model-1", "tools": [{"result": "Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "find_hotels", "created_at": 1770023400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_h1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-002", "status": "COMPLETED", "content": "Alfama Suites looks best.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "0876f1db-5d73-440c-a96c-8cc668f3a1eb", "role": "user", "content": "Which hotels are near Alfama?", "created_at": 1770023400, "from_history": false, "stop_after_tool_call": false}, {"id": "30de37ae-ade8-4bf5-92dc-6b84a0894833", "role": "assistant", "created_at": 1770023400, "tool_calls": [{"id": "call_h1", "type": "function", "function": {"name": "find_hotels", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "3dc6cb4a-d2ce-461b-a570-051b87343ec0", "role": "tool", "content": "Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).", "tool_args": {"city": "Lisbon"}, "tool_name": "find_hotels", "created_at": 1770023400, "from_history": false, "tool_call_id": "call_h1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "f5133a4a-d093-409c-a3f2-e952da3da430", "role": "assistant", "content": "Alfama Suites looks best.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770023400, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770023400, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770023400, 1770023400);
INSERT INTO ai.agno_runs VALUES ('run-31-003', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 2, '{"input": {"input_content": "How does the tram 28 run?"}, "model": "fake-model-1", "tools": [], "run_id": "run-31-003", "status": "COMPLETED", "content": "Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "1b273ff6-8b20-4000-932f-0634db39ebfa", "role": "user", "content": "How does the tram 28 run?", "created_at": 1770024000, "from_history": false, "stop_after_tool_call": false}, {"id": "afd999ea-8af6-4360-b171-f93e42c2f42f", "role": "assistant", "content": "Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770024000, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770024000, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770024000, 1770024000);
INSERT INTO ai.agno_runs VALUES ('run-31-004', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 3, '{"input": {"input_content": "Please summarise my plan."}, "model": "fake-model-1", "tools": [], "run_id": "run-31-004", "status": "COMPLETED", "content": "You go to Lisbon in May, stay in Alfama and ride tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "3e012710-61fd-4639-b118-375db6b88d10", "role": "user", "content": "Please summarise my plan.", "created_at": 1770024600, "from_history": false, "stop_after_tool_call": false}, {"id": "6da9d0c7-bc6d-406f-af08-d66b5dffc15d", "role": "assistant", "content": "You go to Lisbon in May, stay in Alfama and ride tram 28.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770024600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "compaction": {"id": "fd80a0c03d43468e9bc36664ca7aa038", "run_id": "run-31-004", "summary": "The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.", "archived": true, "created_at": 1770024600, "tokens_after": 55, "tokens_before": 81, "messages_compacted": 8, "first_kept_message_id": "1b273ff6-8b20-4000-932f-0634db39ebfa"}, "created_at": 1770024600, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770024600, 1770024600);
INSERT INTO ai.agno_runs VALUES ('run-31-010', '31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Show me the north ledger."}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_e5e031c2b5\" tool=\"sales_report\" lines=\"400\" size=\"10.4KB\">\nnorth-00000,   0 EUR,refunded\nnorth-00001,  37 EUR,paid\nnorth-00002,  74 EUR,paid\nnorth-00003, 111 EUR,paid\nnorth-00004, 148 EUR,paid\n[... 390 lines omitted ...]\nnorth-00395, 615 EUR,paid\nnorth-00396, 652 EUR,paid\nnorth-00397, 689 EUR,paid\nnorth-00398, 726 EUR,paid\nnorth-00399, 763 EUR,refunded\n</result>\nFull result stored; read with read_result(\"res_e5e031c2b5\") or search_result(\"res_e5e031c2b5\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"region": "north"}, "tool_name": "sales_report", "created_at": 1770109200, "approval_id": null, "child_run_id": null, "tool_call_id": "call_sr1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-010", "status": "COMPLETED", "content": "The north ledger has 400 orders; 57 were refunded.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "report-agent", "messages": [{"id": "56bb92ed-45ea-4a41-a33e-a75d42589d28", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}, {"id": "c9a6208d-7703-4756-8302-8e0f66db4a71", "role": "user", "content": "Show me the north ledger.", "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}, {"id": "8d032c39-41a7-4dfa-a970-27aef8ffef64", "role": "assistant", "created_at": 1770109200, "tool_calls": [{"id": "call_sr1", "type": "function", "function": {"name": "sales_report", "arguments": "{\"region\": \"north\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "4d396792-f401-461f-9a3e-2249d170e85e", "role": "tool", "content": "<result id=\"res_e5e031c2b5\" tool=\"sales_report\" lines=\"400\" size=\"10.4KB\">\nnorth-00000,   0 EUR,refunded\nnorth-00001,  37 EUR,paid\nnorth-00002,  74 EUR,paid\nnorth-00003, 111 EUR,paid\nnorth-00004, 148 EUR,paid\n[... 390 lines omitted ...]\nnorth-00395, 615 EUR,paid\nnorth-00396, 652 EUR,paid\nnorth-00397, 689 EUR,paid\nnorth-00398, 726 EUR,paid\nnorth-00399, 763 EUR,refunded\n</result>\nFull result stored; read with read_result(\"res_e5e031c2b5\") or search_result(\"res_e5e031c2b5\", pattern).", "tool_args": {"region": "north"}, "tool_name": "sales_report", "created_at": 1770109200, "from_history": false, "tool_call_id": "call_sr1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "56082d29-1f33-46ec-8152-97342f5a3a3e", "role": "assistant", "content": "The north ledger has 400 orders; 57 were refunded.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Report agent", "created_at": 1770109200, "session_id": "31000000-0000-4000-8000-000000000002", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770109200, 1770109200);
INSERT INTO ai.agno_runs VALUES ('run-31-011', '31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', NULL, 'COMPLETED', 1, '{"input": {"input_content": "And the W1 inventory, plus Berlin weather?"}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_7bd41c38f2\" tool=\"inventory_dump\" lines=\"1\" size=\"6.0KB\">\n{\"warehouse\": \"W1\", \"items\": [{\"sku\": \"SKU-0000\", \"qty\": 0, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0001\", \"qty\": 13, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0002\", \"qty\": 26, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0003\", \"qty\": 39, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0004\", \"qty\": 52, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0005\", \"qty\": 65, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0006\", \"qty\": 78, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0\n[... omitted ...]\n \"SKU-0112\", \"qty\": 1, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0113\", \"qty\": 14, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0114\", \"qty\": 27, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0115\", \"qty\": 40, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0116\", \"qty\": 53, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0117\", \"qty\": 66, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0118\", \"qty\": 79, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0119\", \"qty\": 92, \"warehouse\": \"W1\"}]}\n</result>\nFull result stored; read with read_result(\"res_7bd41c38f2\") or search_result(\"res_7bd41c38f2\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"warehouse": "W1"}, "tool_name": "inventory_dump", "created_at": 1770110100, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}, {"result": "11°C cloudy", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770110100, "approval_id": null, "child_run_id": null, "tool_call_id": "call_wx1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-011", "status": "COMPLETED", "content": "W1 holds 120 SKUs; Berlin is cloudy.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "report-agent", "messages": [{"id": "3bc6eeba-c2db-4a0b-adb1-5f2ef00d2fbb", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}, {"id": "ad13e7bc-6064-4ded-84e0-d14d66b4beb5", "role": "user", "content": "And the W1 inventory, plus Berlin weather?", "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}, {"id": "cf5927d0-d235-4835-9fd2-2baaab89d5cd", "role": "assistant", "created_at": 1770110100, "tool_calls": [{"id": "call_inv1", "type": "function", "function": {"name": "inventory_dump", "arguments": "{\"warehouse\": \"W1\"}"}}, {"id": "call_wx1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Berlin\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "21d91d3b-f85a-4157-a809-c69529ef113b", "role": "tool", "content": "<result id=\"res_7bd41c38f2\" tool=\"inventory_dump\" lines=\"1\" size=\"6.0KB\">\n{\"warehouse\": \"W1\", \"items\": [{\"sku\": \"SKU-0000\", \"qty\": 0, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0001\", \"qty\": 13, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0002\", \"qty\": 26, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0003\", \"qty\": 39, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0004\", \"qty\": 52, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0005\", \"qty\": 65, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0006\", \"qty\": 78, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0\n[... omitted ...]\n \"SKU-0112\", \"qty\": 1, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0113\", \"qty\": 14, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0114\", \"qty\": 27, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0115\", \"qty\": 40, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0116\", \"qty\": 53, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0117\", \"qty\": 66, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0118\", \"qty\": 79, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0119\", \"qty\": 92, \"warehouse\": \"W1\"}]}\n</result>\nFull result stored; read with read_result(\"res_7bd41c38f2\") or search_result(\"res_7bd41c38f2\", pattern).", "tool_args": {"warehouse": "W1"}, "tool_name": "inventory_dump", "created_at": 1770110100, "from_history": false, "tool_call_id": "call_inv1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "a62674b8-bce6-4115-bd95-3cb5ac8c602f", "role": "tool", "content": "11°C cloudy", "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770110100, "from_history": false, "tool_call_id": "call_wx1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "395c91c0-87b2-4fbe-a4d5-c1369c709dfe", "role": "assistant", "content": "W1 holds 120 SKUs; Berlin is cloudy.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Report agent", "created_at": 1770110100, "session_id": "31000000-0000-4000-8000-000000000002", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770110100, 1770110100);
INSERT INTO ai.agno_runs VALUES ('run-31-020', '31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Clean the audit_log table."}, "model": "fake-model-1", "tools": [{"result": "deleted 42 rows from audit_log older than 90 days", "metrics": null, "answered": null, "confirmed": true, "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195600, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": false, "external_execution_silent": null, "external_execution_required": null}], "events": [], "run_id": "run-31-020", "status": "COMPLETED", "content": "Done: 42 old audit_log rows deleted.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "ops-agent", "messages": [{"id": "1308634d-84f4-4a56-a899-f3419027c5b7", "role": "user", "content": "Clean the audit_log table.", "created_at": 1770195600, "from_history": false, "stop_after_tool_call": false}, {"id": "f01d0f72-88f0-48bc-b292-315fb85d17b1", "role": "assistant", "created_at": 1770195600, "tool_calls": [{"id": "call_del1", "type": "function", "function": {"name": "delete_records", "arguments": "{\"table\": \"audit_log\", \"older_than_days\": 90}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ceab3806-858c-4de4-8a1d-e702f744b060", "role": "tool", "content": "deleted 42 rows from audit_log older than 90 days", "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195900, "from_history": false, "tool_call_id": "call_del1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "a750533f-9b07-4646-88df-a629371883d5", "role": "assistant", "content": "Done: 42 old audit_log rows deleted.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770195900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Ops agent", "created_at": 1770195900, "session_id": "31000000-0000-4000-8000-000000000003", "content_type": "str", "requirements": [{"id": "e44c2671-09ee-473f-ab9e-0dded38bb262", "created_at": "2026-02-04T09:00:00+00:00", "confirmation": true, "tool_execution": {"result": "deleted 42 rows from audit_log older than 90 days", "metrics": null, "answered": null, "confirmed": true, "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195600, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": false, "external_execution_silent": null, "external_execution_required": null}}], "session_state": {}, "model_provider": "Fake"}', 1770195600, 1770195900);
INSERT INTO ai.agno_runs VALUES ('run-31-021', '31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', NULL, 'PAUSED', 1, '{"input": {"input_content": "Now clean the sessions table."}, "model": "fake-model-1", "tools": [{"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"table": "sessions", "older_than_days": 30}, "tool_name": "delete_records", "created_at": 1770196500, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del2", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": true, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-021", "status": "PAUSED", "content": "I have tools to execute, but I need confirmation.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "ops-agent", "messages": [{"id": "8b215c98-33aa-42c3-b40d-42a9bdee6a79", "role": "user", "content": "Now clean the sessions table.", "created_at": 1770196500, "from_history": false, "stop_after_tool_call": false}, {"id": "35136bd7-ef3f-4d71-9682-52c91488cc05", "role": "assistant", "created_at": 1770196500, "tool_calls": [{"id": "call_del2", "type": "function", "function": {"name": "delete_records", "arguments": "{\"table\": \"sessions\", \"older_than_days\": 30}"}}], "from_history": false, "stop_after_tool_call": false}], "agent_name": "Ops agent", "created_at": 1770196500, "session_id": "31000000-0000-4000-8000-000000000003", "content_type": "str", "requirements": [{"id": "90db1a1f-b26e-49d0-b6a9-6406d6faa74b", "created_at": "2026-02-04T09:15:00+00:00", "tool_execution": {"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"table": "sessions", "older_than_days": 30}, "tool_name": "delete_records", "created_at": 1770196500, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del2", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": true, "external_execution_silent": null, "external_execution_required": null}}], "session_state": {}, "model_provider": "Fake"}', 1770196500, 1770196500);
INSERT INTO ai.agno_runs VALUES ('run-31-030', '31000000-0000-4000-8000-000000000004', 'agent', 'billing-agent', NULL, NULL, 'carol', NULL, 'PAUSED', 0, '{"input": {"input_content": "Send invoice INV-7."}, "model": "fake-model-1", "tools": [{"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"invoice_id": "INV-7"}, "tool_name": "send_invoice", "created_at": 1770282000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv7", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}], "parent_tool_call_id": null, "requires_user_input": true, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-030", "status": "PAUSED", "content": "I have tools to execute, but I need user input.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "billing-agent", "messages": [{"id": "049a2dee-ef00-4fa4-9619-1b8d4e799166", "role": "user", "content": "Send invoice INV-7.", "created_at": 1770282000, "from_history": false, "stop_after_tool_call": false}, {"id": "46d60756-9dde-4bb7-8387-f38111398faf", "role": "assistant", "created_at": 1770282000, "tool_calls": [{"id": "call_inv7", "type": "function", "function": {"name": "send_invoice", "arguments": "{\"invoice_id\": \"INV-7\"}"}}], "from_history": false, "stop_after_tool_call": false}], "agent_name": "Billing agent", "created_at": 1770282000, "session_id": "31000000-0000-4000-8000-000000000004", "content_type": "str", "requirements": [{"id": "b102eaa6-491f-43ea-bfa9-30d21589dca3", "created_at": "2026-02-05T09:00:00+00:00", "tool_execution": {"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"invoice_id": "INV-7"}, "tool_name": "send_invoice", "created_at": 1770282000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv7", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}], "parent_tool_call_id": null, "requires_user_input": true, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}]}], "session_state": {}, "model_provider": "Fake"}', 1770282000, 1770282000);
INSERT INTO ai.agno_runs VALUES ('run-31-040', '31000000-0000-4000-8000-000000000005', 'agent', 'vision-agent', NULL, NULL, 'dave', NULL, 'COMPLETED', 0, '{"input": {"files": [{"id": "file-in-bytes", "content": "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK", "filename": "one.pdf", "mime_type": "application/pdf"}, {"id": "file-in-url", "url": "https://example.com/report.pdf"}], "audios": [{"id": "aud-in-bytes", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}], "images": [{"id": "img-in-url", "url": "https://example.com/cat.png"}, {"id": "img-in-bytes", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "input_content": "Describe these attachments."}, "model": "fake-model-1", "tools": [], "images": [{"id": "img-out-1", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "run_id": "run-31-040", "status": "COMPLETED", "content": "A single white pixel, a silent clip and a one-page PDF. Here is a thumbnail.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "dave", "agent_id": "vision-agent", "messages": [{"id": "c94d8cac-3dda-45bb-96f9-575db12c1511", "role": "user", "audio": [{"id": "aud-in-bytes", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}], "files": [{"id": "file-in-bytes", "content": "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK", "filename": "one.pdf", "mime_type": "application/pdf"}, {"id": "file-in-url", "url": "https://example.com/report.pdf"}], "images": [{"id": "img-in-url", "url": "https://example.com/cat.png"}, {"id": "img-in-bytes", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "content": "Describe these attachments.", "created_at": 1770368400, "from_history": false, "stop_after_tool_call": false}, {"id": "0cb3310c-226f-4d18-9c12-c5e6ac721300", "role": "assistant", "content": "A single white pixel, a silent clip and a one-page PDF. Here is a thumbnail.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770368400, "audio_output": {"id": "aud-out-1", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Vision agent", "created_at": 1770368400, "session_id": "31000000-0000-4000-8000-000000000005", "content_type": "str", "session_state": {}, "model_provider": "Fake", "response_audio": {"id": "aud-out-1", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}}', 1770368400, 1770368400);
INSERT INTO ai.agno_runs VALUES ('run-31-050', '31000000-0000-4000-8000-000000000006', 'agent', 'confused-agent', NULL, NULL, 'erin', NULL, 'COMPLETED', 0, '{"input": {"input_content": "What is the ACME stock price?"}, "model": "fake-model-1", "tools": [{"result": "11°C cloudy", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770454800, "approval_id": null, "child_run_id": null, "tool_call_id": "call_wx2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-050", "status": "COMPLETED", "content": "I cannot look up stock prices; Berlin is 11°C and cloudy.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "erin", "agent_id": "confused-agent", "messages": [{"id": "2d4893b7-1a6f-40b6-8188-902f6ddee429", "role": "user", "content": "What is the ACME stock price?", "created_at": 1770454800, "from_history": false, "stop_after_tool_call": false}, {"id": "cdea1970-a84b-4eaa-8c1d-de3c04b6e38e", "role": "assistant", "created_at": 1770454800, "tool_calls": [{"id": "call_ghost1", "type": "function", "function": {"name": "get_stock_price", "arguments": "{\"ticker\": \"ACME\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "9fdd3ad1-f396-4ed0-b5f1-96ea928c2858", "role": "tool", "content": "Error: The requested tool does not exist or is not available.", "tool_name": "get_stock_price", "created_at": 1770454800, "from_history": false, "tool_call_id": "call_ghost1", "stop_after_tool_call": false}, {"id": "84cb656c-bc03-46f3-b343-6ce25ee0e0af", "role": "assistant", "created_at": 1770454800, "tool_calls": [{"id": "call_wx2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Berlin\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "f194a8e1-576d-4af9-8817-06ad162313c5", "role": "tool", "content": "11°C cloudy", "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770454800, "from_history": false, "tool_call_id": "call_wx2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "4eb41c06-bfff-4cf6-ac98-0f86549537fb", "role": "assistant", "content": "I cannot look up stock prices; Berlin is 11°C and cloudy.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770454800, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Confused agent", "created_at": 1770454800, "session_id": "31000000-0000-4000-8000-000000000006", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770454800, 1770454800);
INSERT INTO ai.agno_runs VALUES ('run-31-060', '31000000-0000-4000-8000-000000000007', 'agent', 'shop-agent', NULL, NULL, 'erin', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Add espressobeans to my cart."}, "model": "fake-model-1", "tools": [{"result": "cart now has 2 items", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"item": "espresso beans"}, "tool_name": "add_to_cart", "created_at": 1770541200, "approval_id": null, "child_run_id": null, "tool_call_id": "call_cart1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-060", "status": "COMPLETED", "content": "Added espresso beans. (NUL above)", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "erin", "agent_id": "shop-agent", "messages": [{"id": "fc30eb76-3016-4fd1-8f65-5972f9e8fa2c", "role": "user", "content": "Add espressobeans to my cart.", "created_at": 1770541200, "from_history": false, "stop_after_tool_call": false}, {"id": "e0853a5b-2a87-409c-9a50-06dfdca7d04e", "role": "assistant", "created_at": 1770541200, "tool_calls": [{"id": "call_cart1", "type": "function", "function": {"name": "add_to_cart", "arguments": "{\"item\": \"espresso beans\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ac2b9099-54fe-46af-b198-15ec0783d232", "role": "tool", "content": "cart now has 2 items", "tool_args": {"item": "espresso beans"}, "tool_name": "add_to_cart", "created_at": 1770541200, "from_history": false, "tool_call_id": "call_cart1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "7e6a0fbf-259e-4901-b5d9-ebd18e4a96c3", "role": "assistant", "content": "Added espresso beans. (NUL above)", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770541200, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Shop agent", "created_at": 1770541200, "session_id": "31000000-0000-4000-8000-000000000007", "content_type": "str", "session_state": {"cart": ["grinder", "espresso beans"], "note": "nulinside", "currency": "EUR"}, "model_provider": "Fake"}', 1770541200, 1770541200);
INSERT INTO ai.agno_runs VALUES ('run-31-070', '31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'REGENERATED', 0, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "run-31-070", "status": "REGENERATED", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "58dab364-33b8-4255-9bac-815f670ac4c9", "role": "assistant", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627600, "session_id": "31000000-0000-4000-8000-000000000008", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770627600, 1770627900);
INSERT INTO ai.agno_runs VALUES ('9fbdb648-d013-4a52-8553-b621c2abc47f', '31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "tools": [], "run_id": "9fbdb648-d013-4a52-8553-b621c2abc47f", "status": "COMPLETED", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "c3f6d20f-b5a2-41ba-bf20-7bc391dd62f7", "role": "assistant", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627900, "session_id": "31000000-0000-4000-8000-000000000008", "content_type": "str", "session_state": {}, "model_provider": "Fake", "regenerated_from": "run-31-070", "forked_from_run_id": "run-31-070", "forked_from_message_index": 1, "last_checkpoint_at_message_index": 1}', 1770627900, 1770627900);
INSERT INTO ai.agno_runs VALUES ('c545ab31-ad4c-46ec-86df-ccca6b3f05e4', 'a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'REGENERATED', 0, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "c545ab31-ad4c-46ec-86df-ccca6b3f05e4", "status": "REGENERATED", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "58dab364-33b8-4255-9bac-815f670ac4c9", "role": "assistant", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627600, "session_id": "a1d1754f-65ac-42c3-a642-68a3fc337b96", "content_type": "str", "session_state": {}, "model_provider": "Fake", "forked_from_session_id": "31000000-0000-4000-8000-000000000008"}', 1770627600, 1770628200);
INSERT INTO ai.agno_runs VALUES ('a73cbc55-0243-4f6c-a2b1-a87390482b9f', 'a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "a73cbc55-0243-4f6c-a2b1-a87390482b9f", "status": "COMPLETED", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "c3f6d20f-b5a2-41ba-bf20-7bc391dd62f7", "role": "assistant", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627900, "session_id": "a1d1754f-65ac-42c3-a642-68a3fc337b96", "content_type": "str", "session_state": {}, "model_provider": "Fake", "regenerated_from": "run-31-070", "forked_from_run_id": "run-31-070", "forked_from_session_id": "31000000-0000-4000-8000-000000000008", "forked_from_message_index": 1, "last_checkpoint_at_message_index": 1}', 1770627900, 1770628200);
INSERT INTO ai.agno_runs VALUES ('589801f6-e201-4470-96e5-5a8ca27a2498', '31000000-0000-4000-8000-000000000009', 'agent', 'researcher', NULL, NULL, 'alice', 'run-31-080', 'COMPLETED', 0, '{"input": {"input_content": "Weather in Lisbon"}, "model": "fake-model-1", "tools": [{"result": "21°C sunny", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770714000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_rw1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "589801f6-e201-4470-96e5-5a8ca27a2498", "status": "COMPLETED", "content": "It is 21°C and sunny in Lisbon.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "researcher", "messages": [{"id": "17c83492-b091-4bfb-abfa-fd5a10887772", "role": "user", "content": "Weather in Lisbon", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "b6eb0dcf-0216-4a86-aee3-c3787103c85b", "role": "assistant", "created_at": 1770714000, "tool_calls": [{"id": "call_rw1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ce368f9c-af54-4e3e-ba04-7c0c2fec17ed", "role": "tool", "content": "21°C sunny", "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770714000, "from_history": false, "tool_call_id": "call_rw1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "d3c595f7-8ad7-4150-987f-d54510b01ddb", "role": "assistant", "content": "It is 21°C and sunny in Lisbon.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Researcher", "created_at": 1770714000, "session_id": "31000000-0000-4000-8000-000000000009", "content_type": "str", "parent_run_id": "run-31-080", "session_state": {"current_run_id": "589801f6-e201-4470-96e5-5a8ca27a2498", "current_user_id": "alice", "current_session_id": "31000000-0000-4000-8000-000000000009"}, "model_provider": "Fake"}', 1770714000, 1770714000);
INSERT INTO ai.agno_runs VALUES ('run-31-080', '31000000-0000-4000-8000-000000000009', 'team', NULL, 'travel-team', NULL, 'alice', NULL, 'COMPLETED', 1, '{"input": {"input_content": "What is the weather in Lisbon?"}, "model": "fake-model-1", "tools": [{"result": "It is 21°C and sunny in Lisbon.", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"task": "Weather in Lisbon", "member_id": "researcher"}, "tool_name": "delegate_task_to_member", "created_at": 1770714000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_dg1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-080", "status": "COMPLETED", "content": "The researcher says: 21°C and sunny in Lisbon.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "team_id": "travel-team", "user_id": "alice", "messages": [{"id": "d17d3b6b-ef6f-4193-8aac-9dd32bc6ae4a", "role": "system", "content": "<team>\nYou coordinate this team to fulfill the user''s request. You have a team of specialists, listed below. Delegate to members when their expertise or tools are needed; answer directly — including with your own tools — when they are not.\n\n<team_members>\n<member id=\"researcher\" name=\"Researcher\">\n</member>\n<member id=\"writer\" name=\"Writer\">\n</member>\n</team_members>\n\n<delegation>\nYou work in coordinate mode: you hand sub-tasks to members with `delegate_task_to_member` and write the answer yourself.\n\n- Match each sub-task to the member whose role and description fit it best. When sub-tasks do not depend on each other, delegate them in the same turn instead of one per turn.\n- A member''s output is evidence, not your answer. When a member fails, refuses, or returns nothing, say so plainly and name what it reported — never supply a cause, source, or finding the member did not state.\n- If a response is off-target, re-delegate with clearer instructions or try a better-suited member. If it still misses, answer with what you have and say what is missing — do not work through the roster.\n- Write one answer. Resolve contradictions, add structure, and fill gaps only where you can state the basis for it. Never concatenate member outputs.\n\nMembers do not see this conversation. Each one gets only the text you write for it, so carry over every name, number and earlier answer it needs, and say what a good result looks like.\nMember ids are the ids shown in the roster above, used exactly as written.\n</delegation>\n</team>", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "8def7dae-6974-461e-b187-4ae9948807b7", "role": "user", "content": "What is the weather in Lisbon?", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "dc43e879-27bf-4e30-8086-ee23e22d4d0c", "role": "assistant", "created_at": 1770714000, "tool_calls": [{"id": "call_dg1", "type": "function", "function": {"name": "delegate_task_to_member", "arguments": "{\"member_id\": \"researcher\", \"task\": \"Weather in Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "40c2e14f-75fd-44eb-a38b-683608b697db", "role": "tool", "content": "It is 21°C and sunny in Lisbon.", "tool_args": {"task": "Weather in Lisbon", "member_id": "researcher"}, "tool_name": "delegate_task_to_member", "created_at": 1770714000, "from_history": false, "tool_call_id": "call_dg1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "0c46e726-3d95-4b78-a051-0e15556e55a6", "role": "assistant", "content": "The researcher says: 21°C and sunny in Lisbon.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}], "team_name": "Travel team", "created_at": 1770714000, "session_id": "31000000-0000-4000-8000-000000000009", "content_type": "str", "session_state": {}, "model_provider": "Fake", "member_responses": []}', 1770714000, 1770714000);
INSERT INTO ai.agno_runs VALUES ('a86712c1-0864-4daa-97ae-d406fe834565', '31000000-0000-4000-8000-00000000000c', 'agent', 'analyst', NULL, NULL, 'bob', 'run-31-090', 'COMPLETED', 0, '{"input": {"input_content": "south ledger"}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_5955766cbb\" tool=\"sales_report\" lines=\"200\" size=\"5.2KB\">\nsouth-00000,   0 EUR,refunded\nsouth-00001,  37 EUR,paid\nsouth-00002,  74 EUR,paid\nsouth-00003, 111 EUR,paid\nsouth-00004, 148 EUR,paid\n[... 190 lines omitted ...]\nsouth-00195, 215 EUR,paid\nsouth-00196, 252 EUR,refunded\nsouth-00197, 289 EUR,paid\nsouth-00198, 326 EUR,paid\nsouth-00199, 363 EUR,paid\n</result>\nFull result stored; read with read_result(\"res_5955766cbb\") or search_result(\"res_5955766cbb\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"rows": 200, "region": "south"}, "tool_name": "sales_report", "created_at": 1770800400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_sr2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "a86712c1-0864-4daa-97ae-d406fe834565", "status": "COMPLETED", "content": "South: 200 orders.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "analyst", "messages": [{"id": "daaf9c2f-545f-4690-a69d-58b4ffaa2752", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "aef31b0b-19c3-4304-a564-06bde308d8b1", "role": "user", "content": "south ledger", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "adc58171-3fd8-4e08-bcde-ce0596ba0a1b", "role": "assistant", "created_at": 1770800400, "tool_calls": [{"id": "call_sr2", "type": "function", "function": {"name": "sales_report", "arguments": "{\"region\": \"south\", \"rows\": 200}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "1e9a7b2b-24a8-4389-b42b-8763752f12d1", "role": "tool", "content": "<result id=\"res_5955766cbb\" tool=\"sales_report\" lines=\"200\" size=\"5.2KB\">\nsouth-00000,   0 EUR,refunded\nsouth-00001,  37 EUR,paid\nsouth-00002,  74 EUR,paid\nsouth-00003, 111 EUR,paid\nsouth-00004, 148 EUR,paid\n[... 190 lines omitted ...]\nsouth-00195, 215 EUR,paid\nsouth-00196, 252 EUR,refunded\nsouth-00197, 289 EUR,paid\nsouth-00198, 326 EUR,paid\nsouth-00199, 363 EUR,paid\n</result>\nFull result stored; read with read_result(\"res_5955766cbb\") or search_result(\"res_5955766cbb\", pattern).", "tool_args": {"rows": 200, "region": "south"}, "tool_name": "sales_report", "created_at": 1770800400, "from_history": false, "tool_call_id": "call_sr2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "cc486a4a-5056-4c3a-b240-419668605a4b", "role": "assistant", "content": "South: 200 orders.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Analyst", "created_at": 1770800400, "session_id": "31000000-0000-4000-8000-00000000000c", "content_type": "str", "parent_run_id": "run-31-090", "session_state": {"current_run_id": "a86712c1-0864-4daa-97ae-d406fe834565", "current_user_id": "bob", "current_session_id": "31000000-0000-4000-8000-00000000000c"}, "model_provider": "Fake"}', 1770800400, 1770800400);
INSERT INTO ai.agno_runs VALUES ('run-31-090', '31000000-0000-4000-8000-00000000000c', 'team', NULL, 'sales-team', NULL, 'bob', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Count the south ledger orders."}, "model": "fake-model-1", "tools": [{"result": "South: 200 orders.", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"task": "south ledger", "member_id": "analyst"}, "tool_name": "delegate_task_to_member", "created_at": 1770800400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_dg2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-090", "status": "COMPLETED", "content": "The analyst counted 200 south orders.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "team_id": "sales-team", "user_id": "bob", "messages": [{"id": "24d13210-5eb9-4781-8019-b886b570f309", "role": "system", "content": "<team>\nYou coordinate this team to fulfill the user''s request. You have a team of specialists, listed below. Delegate to members when their expertise or tools are needed; answer directly — including with your own tools — when they are not.\n\n<team_members>\n<member id=\"analyst\" name=\"Analyst\">\n</member>\n</team_members>\n\n<delegation>\nYou work in coordinate mode: you hand sub-tasks to members with `delegate_task_to_member` and write the answer yourself.\n\n- Match each sub-task to the member whose role and description fit it best. When sub-tasks do not depend on each other, delegate them in the same turn instead of one per turn.\n- A member''s output is evidence, not your answer. When a member fails, refuses, or returns nothing, say so plainly and name what it reported — never supply a cause, source, or finding the member did not state.\n- If a response is off-target, re-delegate with clearer instructions or try a better-suited member. If it still misses, answer with what you have and say what is missing — do not work through the roster.\n- Write one answer. Resolve contradictions, add structure, and fill gaps only where you can state the basis for it. Never concatenate member outputs.\n\nMembers do not see this conversation. Each one gets only the text you write for it, so carry over every name, number and earlier answer it needs, and say what a good result looks like.\nMember ids are the ids shown in the roster above, used exactly as written.\n</delegation>\n</team>\n\n<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "70d6a118-31ee-4d56-8c2d-d40d7aa4944a", "role": "user", "content": "Count the south ledger orders.", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "d302f654-2de5-4afc-95fb-bf04af9207f1", "role": "assistant", "created_at": 1770800400, "tool_calls": [{"id": "call_dg2", "type": "function", "function": {"name": "delegate_task_to_member", "arguments": "{\"member_id\": \"analyst\", \"task\": \"south ledger\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ceebf730-b08b-4f67-af65-796ea87012f7", "role": "tool", "content": "South: 200 orders.", "tool_args": {"task": "south ledger", "member_id": "analyst"}, "tool_name": "delegate_task_to_member", "created_at": 1770800400, "from_history": false, "tool_call_id": "call_dg2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "c9f3176b-7fa5-4bd0-b399-d902b04d9f5c", "role": "assistant", "content": "The analyst counted 200 south orders.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}], "team_name": "Sales team", "created_at": 1770800400, "session_id": "31000000-0000-4000-8000-00000000000c", "content_type": "str", "session_state": {}, "model_provider": "Fake", "member_responses": []}', 1770800400, 1770800400);
INSERT INTO ai.agno_runs VALUES ('run-31-100', '31000000-0000-4000-8000-00000000000a', 'workflow', NULL, NULL, 'blog-flow', 'dave', NULL, 'COMPLETED', 0, '{"audio": [], "files": [], "input": "Tram 28 ", "images": [], "run_id": "run-31-100", "status": "COMPLETED", "videos": [], "content": "A short post about tram 28.", "metrics": {"steps": {"draft": {"metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "step_name": "draft", "executor_name": "Blog writer", "executor_type": "agent"}}, "duration": 0.0}, "user_id": "dave", "metadata": {}, "created_at": 1770886800, "session_id": "31000000-0000-4000-8000-00000000000a", "workflow_id": "blog-flow", "content_type": "str", "step_results": [{"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: tram 28", "metrics": null, "step_id": "32d5c3f9-b33f-4982-b659-f31286593bd6", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}, {"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "A short post about tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "step_id": "2a1b4fbf-1465-4623-816d-e87526a95908", "success": true, "is_paused": false, "step_name": "draft", "step_type": "Step", "step_run_id": "2c19ad8c-9aed-4a24-a53a-aca910a22adf", "executor_name": "Blog writer", "executor_type": "agent"}], "workflow_name": "Blog flow", "step_executor_runs": [{"input": {"input_content": "normalised: tram 28"}, "model": "fake-model-1", "tools": [], "run_id": "2c19ad8c-9aed-4a24-a53a-aca910a22adf", "status": "COMPLETED", "content": "A short post about tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "dave", "agent_id": "blog-writer", "messages": [{"id": "a8d3cc78-1bba-42f3-baaf-af541696a3f8", "role": "user", "content": "normalised: tram 28", "created_at": 1770886800, "from_history": false, "stop_after_tool_call": false}, {"id": "d37ead2c-b036-409b-8299-abf820121075", "role": "assistant", "content": "A short post about tram 28.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770886800, "from_history": false, "stop_after_tool_call": false}], "metadata": {}, "agent_name": "Blog writer", "created_at": 1770886800, "session_id": "31000000-0000-4000-8000-00000000000a", "content_type": "str", "parent_run_id": "run-31-100", "session_state": {}, "model_provider": "Fake", "workflow_step_id": "2a1b4fbf-1465-4623-816d-e87526a95908"}]}', 1770886800, 1770886800);
INSERT INTO ai.agno_runs VALUES ('run-31-110', '31000000-0000-4000-8000-00000000000b', 'workflow', NULL, NULL, 'gated-flow', 'dave', NULL, 'PAUSED', 0, '{"input": "Release notes", "run_id": "run-31-110", "status": "PAUSED", "metrics": {"steps": {}, "duration": 0.0}, "user_id": "dave", "metadata": {}, "created_at": 1770973200, "pause_kind": "step", "session_id": "31000000-0000-4000-8000-00000000000b", "workflow_id": "gated-flow", "content_type": "str", "step_results": [{"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: release notes", "metrics": null, "step_id": "30384a15-41b2-4e85-9242-a3d853c8f035", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}], "workflow_name": "Gated flow", "paused_step_name": "publish", "paused_step_index": 1, "step_requirements": [{"step_id": "fb03a388-8f7e-4e98-bc96-e079bd8ac2ac", "confirmed": null, "on_reject": "skip", "step_name": "publish", "step_type": "Step", "on_timeout": "cancel", "step_index": 1, "step_input": {"audio": null, "files": null, "input": "Release notes", "images": null, "videos": null, "additional_data": null, "previous_step_content": "normalised: release notes", "previous_step_outputs": {"normalise": {"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: release notes", "metrics": null, "step_id": "30384a15-41b2-4e85-9242-a3d853c8f035", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}}}, "timeout_at": null, "user_input": null, "max_retries": 3, "retry_count": 0, "selected_choices": null, "available_choices": null, "is_post_execution": false, "rejection_feedback": null, "user_input_message": null, "requires_user_input": false, "confirmation_message": "Publish the post?", "output_review_message": null, "requires_confirmation": true, "requires_output_review": false, "requires_route_selection": false, "allow_multiple_selections": false}]}', 1770973200, 1770973200);


--
-- Data for Name: agno_schema_versions; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_schema_versions VALUES ('agno_sessions', '3.0.0', '2026-02-02T09:00:00', '2026-02-02T09:00:00');
INSERT INTO ai.agno_schema_versions VALUES ('agno_runs', '3.0.0', '2026-02-02T09:00:00', '2026-02-02T09:00:00');
INSERT INTO ai.agno_schema_versions VALUES ('agno_compactions', '3.0.0', '2026-02-02T09:30:00', '2026-02-02T09:30:00');
INSERT INTO ai.agno_schema_versions VALUES ('agno_tool_results', '3.0.0', '2026-02-03T09:00:00', '2026-02-03T09:00:00');
INSERT INTO ai.agno_schema_versions VALUES ('agno_transcripts', '3.0.0', '2026-02-14T09:00:00', '2026-02-14T09:00:00');


--
-- Data for Name: agno_sessions; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', '{"session_state": {}, "session_metrics": {}}', '{"name": "Trip planner", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "trip-planner"}', NULL, NULL, 'null', 'null', 1770022800, 1770024600);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', '{"session_state": {}, "session_metrics": {}}', '{"name": "Report agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "report-agent"}', NULL, NULL, 'null', 'null', 1770109200, 1770110100);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', '{"session_state": {}, "session_metrics": {}}', '{"name": "Ops agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "ops-agent"}', NULL, NULL, 'null', 'null', 1770195600, 1770196500);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000004', 'agent', 'billing-agent', NULL, NULL, 'carol', '{"session_state": {}, "session_metrics": {}}', '{"name": "Billing agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "billing-agent"}', NULL, NULL, 'null', 'null', 1770282000, 1770282000);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000005', 'agent', 'vision-agent', NULL, NULL, 'dave', '{"session_state": {}, "session_metrics": {}}', '{"name": "Vision agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "vision-agent"}', NULL, NULL, 'null', 'null', 1770368400, 1770368400);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000006', 'agent', 'confused-agent', NULL, NULL, 'erin', '{"session_state": {}, "session_metrics": {}}', '{"name": "Confused agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "confused-agent"}', NULL, NULL, 'null', 'null', 1770454800, 1770454800);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000007', 'agent', 'shop-agent', NULL, NULL, 'erin', '{"session_state": {"cart": ["grinder", "espresso beans"], "note": "nulinside", "currency": "EUR"}, "session_metrics": {}}', '{"name": "Shop agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "shop-agent"}', NULL, NULL, 'null', 'null', 1770541200, 1770541200);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', '{"session_state": {}, "session_metrics": {}}', '{"name": "Poet", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "poet-agent"}', NULL, NULL, 'null', 'null', 1770627600, 1770627900);
INSERT INTO ai.agno_sessions VALUES ('a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', '{"session_state": {}, "session_metrics": {}, "forked_from_session_id": "31000000-0000-4000-8000-000000000008"}', '{"name": "Poet", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "poet-agent"}', NULL, NULL, 'null', 'null', 1770628200, 1770628200);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-000000000009', 'team', NULL, 'travel-team', NULL, 'alice', '{"session_state": {}, "session_metrics": {}}', NULL, '{"name": "Travel team", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "team_id": "travel-team"}', NULL, 'null', 'null', 1770714000, 1770714000);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-00000000000c', 'team', NULL, 'sales-team', NULL, 'bob', '{"session_state": {}, "session_metrics": {}}', NULL, '{"name": "Sales team", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "team_id": "sales-team"}', NULL, 'null', 'null', 1770800400, 1770800400);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-00000000000a', 'workflow', NULL, NULL, 'blog-flow', 'dave', '{"session_state": {}, "session_metrics": {}}', NULL, NULL, '{"name": "Blog flow", "steps": [{"name": "normalise", "type": "Step", "description": null}, {"name": "draft", "type": "Step", "description": null}], "workflow_id": "blog-flow"}', '{}', 'null', 1770886800, 1770886800);
INSERT INTO ai.agno_sessions VALUES ('31000000-0000-4000-8000-00000000000b', 'workflow', NULL, NULL, 'gated-flow', 'dave', '{"session_state": {}, "session_metrics": {}}', NULL, NULL, '{"name": "Gated flow", "steps": [{"name": "normalise", "type": "Step", "description": null}, {"name": "publish", "type": "Step", "description": null}], "workflow_id": "gated-flow"}', '{}', 'null', 1770973200, 1770973200);


--
-- Data for Name: agno_tool_results; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_tool_results VALUES ('res_e5e031c2b5', 'tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'results/run-31-010/res_e5e031c2b5.txt', '31000000-0000-4000-8000-000000000002', 'run-31-010', 'call_sr1', 'sales_report', 'bfcfdab7bff66d185b5769a3d4c55fa30d09d4778240188e72db1661e069b075', 'text', 10631, 400, 'north-00000,   0 EUR,refunded
north-00001,  37 EUR,paid
north-00002,  74 EUR,paid
north-00003, 111 EUR,paid
north-00004, 148 EUR,paid
[... 390 lines omitted ...]
north-00395, 615 EUR,paid
north-00396, 652 EUR,paid
north-00397, 689 EUR,paid
north-00398, 726 EUR,paid
north-00399, 763 EUR,refunded', 'bob', 1770109200, NULL);
INSERT INTO ai.agno_tool_results VALUES ('res_7bd41c38f2', 'tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'results/run-31-011/res_7bd41c38f2.json', '31000000-0000-4000-8000-000000000002', 'run-31-011', 'call_inv1', 'inventory_dump', '6a66d7763e3993c0f490465b1e7eb3122a182bf1abc10aabee6898c2890a8440', 'json', 6137, 1, '{"warehouse": "W1", "items": [{"sku": "SKU-0000", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0001", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0002", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0003", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0004", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0005", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0006", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0
[... omitted ...]
 "SKU-0112", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0113", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0114", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0115", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0116", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0117", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0118", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0119", "qty": 92, "warehouse": "W1"}]}', 'bob', 1770110100, NULL);
INSERT INTO ai.agno_tool_results VALUES ('res_5955766cbb', 'tool-results/31000000-0000-4000-8000-00000000000c-faf32b30', 'shared/a86712c1-0864-4daa-97ae-d406fe834565/res_5955766cbb.txt', '31000000-0000-4000-8000-00000000000c', 'a86712c1-0864-4daa-97ae-d406fe834565', 'call_sr2', 'sales_report', '4757ef48e51e8eabc5f7b707c3526e6d984ef7fd7304d72c3dee678fdad5b1c3', 'text', 5315, 200, 'south-00000,   0 EUR,refunded
south-00001,  37 EUR,paid
south-00002,  74 EUR,paid
south-00003, 111 EUR,paid
south-00004, 148 EUR,paid
[... 190 lines omitted ...]
south-00195, 215 EUR,paid
south-00196, 252 EUR,refunded
south-00197, 289 EUR,paid
south-00198, 326 EUR,paid
south-00199, 363 EUR,paid', 'bob', 1770800400, NULL);


--
-- Data for Name: agno_transcripts; Type: TABLE DATA; Schema: ai; Owner: -
--

INSERT INTO ai.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', '', 1, 'e-1', '{"uuid": "e-1", "type": "user", "message": {"role": "user", "content": "hello"}}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO ai.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', '', 2, 'e-2', '{"uuid": "e-2", "type": "assistant", "message": {"role": "assistant", "content": "hi"}}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO ai.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', 'subagents/agent-1.jsonl', 1, 'e-3', '{"uuid": "e-3", "type": "sidechain"}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO ai.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-2', '', 1, 'e-9', '{"uuid": "e-9", "type": "user"}', '31000000-0000-4000-8000-000000000005', 1771059600000);
INSERT INTO ai.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-ghost', '', 1, 'g-1', '{"uuid": "g-1", "type": "user"}', '31000000-0000-4000-8000-0000000000ff', 1771059600000);


--
-- Data for Name: agno_compactions; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.agno_compactions VALUES ('fd80a0c03d43468e9bc36664ca7aa038', '31000000-0000-4000-8000-000000000001', 'run-31-004', 'alice', '1b273ff6-8b20-4000-932f-0634db39ebfa', 'The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.', '## user

What is the weather in Lisbon in May?

## assistant

**calls** `get_weather`: {"city": "Lisbon"}

## tool (get_weather)

21°C sunny

## assistant

Lisbon: 21°C, sunny.

## user

Which hotels are near Alfama?

## assistant

**calls** `find_hotels`: {"city": "Lisbon"}

## tool (find_hotels)

Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).

## assistant

Alfama Suites looks best.', 8, 81, 55, 1770024600);
INSERT INTO app.agno_compactions VALUES ('88b5aa4e39a74c0ba1813d87f2e14774', '31000000-0000-4000-8000-000000000001', NULL, 'alice', '3e012710-61fd-4639-b118-375db6b88d10', 'The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.', '## user

How does the tram 28 run?

## assistant

Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.', 2, 148, 53, 1770025800);


--
-- Data for Name: agno_schema_versions; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.agno_schema_versions VALUES ('my_sessions', '3.0.0', '2026-02-02T09:00:00', '2026-02-02T09:00:00');
INSERT INTO app.agno_schema_versions VALUES ('my_custom_runs', '3.0.0', '2026-02-02T09:00:00', '2026-02-02T09:00:00');
INSERT INTO app.agno_schema_versions VALUES ('agno_compactions', '3.0.0', '2026-02-02T09:30:00', '2026-02-02T09:30:00');
INSERT INTO app.agno_schema_versions VALUES ('agno_tool_results', '3.0.0', '2026-02-03T09:00:00', '2026-02-03T09:00:00');
INSERT INTO app.agno_schema_versions VALUES ('agno_transcripts', '3.0.0', '2026-02-14T09:00:00', '2026-02-14T09:00:00');


--
-- Data for Name: agno_tool_results; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.agno_tool_results VALUES ('res_e5e031c2b5', 'tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'results/run-31-010/res_e5e031c2b5.txt', '31000000-0000-4000-8000-000000000002', 'run-31-010', 'call_sr1', 'sales_report', 'bfcfdab7bff66d185b5769a3d4c55fa30d09d4778240188e72db1661e069b075', 'text', 10631, 400, 'north-00000,   0 EUR,refunded
north-00001,  37 EUR,paid
north-00002,  74 EUR,paid
north-00003, 111 EUR,paid
north-00004, 148 EUR,paid
[... 390 lines omitted ...]
north-00395, 615 EUR,paid
north-00396, 652 EUR,paid
north-00397, 689 EUR,paid
north-00398, 726 EUR,paid
north-00399, 763 EUR,refunded', 'bob', 1770109200, NULL);
INSERT INTO app.agno_tool_results VALUES ('res_7bd41c38f2', 'tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'results/run-31-011/res_7bd41c38f2.json', '31000000-0000-4000-8000-000000000002', 'run-31-011', 'call_inv1', 'inventory_dump', '6a66d7763e3993c0f490465b1e7eb3122a182bf1abc10aabee6898c2890a8440', 'json', 6137, 1, '{"warehouse": "W1", "items": [{"sku": "SKU-0000", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0001", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0002", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0003", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0004", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0005", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0006", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0
[... omitted ...]
 "SKU-0112", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0113", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0114", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0115", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0116", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0117", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0118", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0119", "qty": 92, "warehouse": "W1"}]}', 'bob', 1770110100, NULL);
INSERT INTO app.agno_tool_results VALUES ('res_5955766cbb', 'tool-results/31000000-0000-4000-8000-00000000000c-c00313b3', 'shared/a86712c1-0864-4daa-97ae-d406fe834565/res_5955766cbb.txt', '31000000-0000-4000-8000-00000000000c', 'a86712c1-0864-4daa-97ae-d406fe834565', 'call_sr2', 'sales_report', '4757ef48e51e8eabc5f7b707c3526e6d984ef7fd7304d72c3dee678fdad5b1c3', 'text', 5315, 200, 'south-00000,   0 EUR,refunded
south-00001,  37 EUR,paid
south-00002,  74 EUR,paid
south-00003, 111 EUR,paid
south-00004, 148 EUR,paid
[... 190 lines omitted ...]
south-00195, 215 EUR,paid
south-00196, 252 EUR,refunded
south-00197, 289 EUR,paid
south-00198, 326 EUR,paid
south-00199, 363 EUR,paid', 'bob', 1770800400, NULL);


--
-- Data for Name: agno_transcripts; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', '', 1, 'e-1', '{"uuid": "e-1", "type": "user", "message": {"role": "user", "content": "hello"}}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO app.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', '', 2, 'e-2', '{"uuid": "e-2", "type": "assistant", "message": {"role": "assistant", "content": "hi"}}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO app.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-1', 'subagents/agent-1.jsonl', 1, 'e-3', '{"uuid": "e-3", "type": "sidechain"}', '31000000-0000-4000-8000-000000000002', 1771059600000);
INSERT INTO app.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-session-2', '', 1, 'e-9', '{"uuid": "e-9", "type": "user"}', '31000000-0000-4000-8000-000000000005', 1771059600000);
INSERT INTO app.agno_transcripts VALUES ('claude', 'proj-kern', 'ext-ghost', '', 1, 'g-1', '{"uuid": "g-1", "type": "user"}', '31000000-0000-4000-8000-0000000000ff', 1771059600000);


--
-- Data for Name: my_custom_runs; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.my_custom_runs VALUES ('run-31-001', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 0, '{"input": {"input_content": "What is the weather in Lisbon in May?"}, "model": "fake-model-1", "tools": [{"result": "21°C sunny", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770022800, "approval_id": null, "child_run_id": null, "tool_call_id": "call_w1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-001", "status": "COMPLETED", "content": "Lisbon: 21°C, sunny.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "431bdbea-a379-40f1-a6bc-3c21d2be100a", "role": "user", "content": "What is the weather in Lisbon in May?", "created_at": 1770022800, "from_history": false, "stop_after_tool_call": false}, {"id": "c8570563-7c90-4d94-a2fa-a9fb9a32daea", "role": "assistant", "created_at": 1770022800, "tool_calls": [{"id": "call_w1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "3509fdd4-0775-4cc1-9bef-0d65bd416a08", "role": "tool", "content": "21°C sunny", "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770022800, "from_history": false, "tool_call_id": "call_w1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "d494b8b9-3601-489e-82f7-b088a98afd0a", "role": "assistant", "content": "Lisbon: 21°C, sunny.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770022800, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770022800, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770022800, 1770022800);
INSERT INTO app.my_custom_runs VALUES ('run-31-002', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Which hotels are near Alfama?"}, "model": "fake-model-1", "tools": [{"result": "Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "find_hotels", "created_at": 1770023400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_h1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-002", "status": "COMPLETED", "content": "Alfama Suites looks best.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "0876f1db-5d73-440c-a96c-8cc668f3a1eb", "role": "user", "content": "Which hotels are near Alfama?", "created_at": 1770023400, "from_history": false, "stop_after_tool_call": false}, {"id": "30de37ae-ade8-4bf5-92dc-6b84a0894833", "role": "assistant", "created_at": 1770023400, "tool_calls": [{"id": "call_h1", "type": "function", "function": {"name": "find_hotels", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "3dc6cb4a-d2ce-461b-a570-051b87343ec0", "role": "tool", "content": "Hotels in Lisbon: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*).", "tool_args": {"city": "Lisbon"}, "tool_name": "find_hotels", "created_at": 1770023400, "from_history": false, "tool_call_id": "call_h1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "f5133a4a-d093-409c-a3f2-e952da3da430", "role": "assistant", "content": "Alfama Suites looks best.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770023400, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770023400, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770023400, 1770023400);
INSERT INTO app.my_custom_runs VALUES ('run-31-003', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 2, '{"input": {"input_content": "How does the tram 28 run?"}, "model": "fake-model-1", "tools": [], "run_id": "run-31-003", "status": "COMPLETED", "content": "Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "1b273ff6-8b20-4000-932f-0634db39ebfa", "role": "user", "content": "How does the tram 28 run?", "created_at": 1770024000, "from_history": false, "stop_after_tool_call": false}, {"id": "afd999ea-8af6-4360-b171-f93e42c2f42f", "role": "assistant", "content": "Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770024000, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "created_at": 1770024000, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770024000, 1770024000);
INSERT INTO app.my_custom_runs VALUES ('run-31-004', '31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', NULL, 'COMPLETED', 3, '{"input": {"input_content": "Please summarise my plan."}, "model": "fake-model-1", "tools": [], "run_id": "run-31-004", "status": "COMPLETED", "content": "You go to Lisbon in May, stay in Alfama and ride tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "trip-planner", "messages": [{"id": "3e012710-61fd-4639-b118-375db6b88d10", "role": "user", "content": "Please summarise my plan.", "created_at": 1770024600, "from_history": false, "stop_after_tool_call": false}, {"id": "6da9d0c7-bc6d-406f-af08-d66b5dffc15d", "role": "assistant", "content": "You go to Lisbon in May, stay in Alfama and ride tram 28.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770024600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Trip planner", "compaction": {"id": "fd80a0c03d43468e9bc36664ca7aa038", "run_id": "run-31-004", "summary": "The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.", "archived": true, "created_at": 1770024600, "tokens_after": 55, "tokens_before": 81, "messages_compacted": 8, "first_kept_message_id": "1b273ff6-8b20-4000-932f-0634db39ebfa"}, "created_at": 1770024600, "session_id": "31000000-0000-4000-8000-000000000001", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770024600, 1770024600);
INSERT INTO app.my_custom_runs VALUES ('run-31-010', '31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Show me the north ledger."}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_e5e031c2b5\" tool=\"sales_report\" lines=\"400\" size=\"10.4KB\">\nnorth-00000,   0 EUR,refunded\nnorth-00001,  37 EUR,paid\nnorth-00002,  74 EUR,paid\nnorth-00003, 111 EUR,paid\nnorth-00004, 148 EUR,paid\n[... 390 lines omitted ...]\nnorth-00395, 615 EUR,paid\nnorth-00396, 652 EUR,paid\nnorth-00397, 689 EUR,paid\nnorth-00398, 726 EUR,paid\nnorth-00399, 763 EUR,refunded\n</result>\nFull result stored; read with read_result(\"res_e5e031c2b5\") or search_result(\"res_e5e031c2b5\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"region": "north"}, "tool_name": "sales_report", "created_at": 1770109200, "approval_id": null, "child_run_id": null, "tool_call_id": "call_sr1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-010", "status": "COMPLETED", "content": "The north ledger has 400 orders; 57 were refunded.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "report-agent", "messages": [{"id": "56bb92ed-45ea-4a41-a33e-a75d42589d28", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}, {"id": "c9a6208d-7703-4756-8302-8e0f66db4a71", "role": "user", "content": "Show me the north ledger.", "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}, {"id": "8d032c39-41a7-4dfa-a970-27aef8ffef64", "role": "assistant", "created_at": 1770109200, "tool_calls": [{"id": "call_sr1", "type": "function", "function": {"name": "sales_report", "arguments": "{\"region\": \"north\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "4d396792-f401-461f-9a3e-2249d170e85e", "role": "tool", "content": "<result id=\"res_e5e031c2b5\" tool=\"sales_report\" lines=\"400\" size=\"10.4KB\">\nnorth-00000,   0 EUR,refunded\nnorth-00001,  37 EUR,paid\nnorth-00002,  74 EUR,paid\nnorth-00003, 111 EUR,paid\nnorth-00004, 148 EUR,paid\n[... 390 lines omitted ...]\nnorth-00395, 615 EUR,paid\nnorth-00396, 652 EUR,paid\nnorth-00397, 689 EUR,paid\nnorth-00398, 726 EUR,paid\nnorth-00399, 763 EUR,refunded\n</result>\nFull result stored; read with read_result(\"res_e5e031c2b5\") or search_result(\"res_e5e031c2b5\", pattern).", "tool_args": {"region": "north"}, "tool_name": "sales_report", "created_at": 1770109200, "from_history": false, "tool_call_id": "call_sr1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "56082d29-1f33-46ec-8152-97342f5a3a3e", "role": "assistant", "content": "The north ledger has 400 orders; 57 were refunded.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770109200, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Report agent", "created_at": 1770109200, "session_id": "31000000-0000-4000-8000-000000000002", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770109200, 1770109200);
INSERT INTO app.my_custom_runs VALUES ('run-31-011', '31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', NULL, 'COMPLETED', 1, '{"input": {"input_content": "And the W1 inventory, plus Berlin weather?"}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_7bd41c38f2\" tool=\"inventory_dump\" lines=\"1\" size=\"6.0KB\">\n{\"warehouse\": \"W1\", \"items\": [{\"sku\": \"SKU-0000\", \"qty\": 0, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0001\", \"qty\": 13, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0002\", \"qty\": 26, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0003\", \"qty\": 39, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0004\", \"qty\": 52, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0005\", \"qty\": 65, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0006\", \"qty\": 78, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0\n[... omitted ...]\n \"SKU-0112\", \"qty\": 1, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0113\", \"qty\": 14, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0114\", \"qty\": 27, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0115\", \"qty\": 40, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0116\", \"qty\": 53, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0117\", \"qty\": 66, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0118\", \"qty\": 79, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0119\", \"qty\": 92, \"warehouse\": \"W1\"}]}\n</result>\nFull result stored; read with read_result(\"res_7bd41c38f2\") or search_result(\"res_7bd41c38f2\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"warehouse": "W1"}, "tool_name": "inventory_dump", "created_at": 1770110100, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}, {"result": "11°C cloudy", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770110100, "approval_id": null, "child_run_id": null, "tool_call_id": "call_wx1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-011", "status": "COMPLETED", "content": "W1 holds 120 SKUs; Berlin is cloudy.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "report-agent", "messages": [{"id": "3bc6eeba-c2db-4a0b-adb1-5f2ef00d2fbb", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}, {"id": "ad13e7bc-6064-4ded-84e0-d14d66b4beb5", "role": "user", "content": "And the W1 inventory, plus Berlin weather?", "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}, {"id": "cf5927d0-d235-4835-9fd2-2baaab89d5cd", "role": "assistant", "created_at": 1770110100, "tool_calls": [{"id": "call_inv1", "type": "function", "function": {"name": "inventory_dump", "arguments": "{\"warehouse\": \"W1\"}"}}, {"id": "call_wx1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Berlin\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "21d91d3b-f85a-4157-a809-c69529ef113b", "role": "tool", "content": "<result id=\"res_7bd41c38f2\" tool=\"inventory_dump\" lines=\"1\" size=\"6.0KB\">\n{\"warehouse\": \"W1\", \"items\": [{\"sku\": \"SKU-0000\", \"qty\": 0, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0001\", \"qty\": 13, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0002\", \"qty\": 26, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0003\", \"qty\": 39, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0004\", \"qty\": 52, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0005\", \"qty\": 65, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0006\", \"qty\": 78, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0\n[... omitted ...]\n \"SKU-0112\", \"qty\": 1, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0113\", \"qty\": 14, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0114\", \"qty\": 27, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0115\", \"qty\": 40, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0116\", \"qty\": 53, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0117\", \"qty\": 66, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0118\", \"qty\": 79, \"warehouse\": \"W1\"}, {\"sku\": \"SKU-0119\", \"qty\": 92, \"warehouse\": \"W1\"}]}\n</result>\nFull result stored; read with read_result(\"res_7bd41c38f2\") or search_result(\"res_7bd41c38f2\", pattern).", "tool_args": {"warehouse": "W1"}, "tool_name": "inventory_dump", "created_at": 1770110100, "from_history": false, "tool_call_id": "call_inv1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "a62674b8-bce6-4115-bd95-3cb5ac8c602f", "role": "tool", "content": "11°C cloudy", "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770110100, "from_history": false, "tool_call_id": "call_wx1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "395c91c0-87b2-4fbe-a4d5-c1369c709dfe", "role": "assistant", "content": "W1 holds 120 SKUs; Berlin is cloudy.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770110100, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Report agent", "created_at": 1770110100, "session_id": "31000000-0000-4000-8000-000000000002", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770110100, 1770110100);
INSERT INTO app.my_custom_runs VALUES ('run-31-020', '31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Clean the audit_log table."}, "model": "fake-model-1", "tools": [{"result": "deleted 42 rows from audit_log older than 90 days", "metrics": null, "answered": null, "confirmed": true, "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195600, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": false, "external_execution_silent": null, "external_execution_required": null}], "events": [], "run_id": "run-31-020", "status": "COMPLETED", "content": "Done: 42 old audit_log rows deleted.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "ops-agent", "messages": [{"id": "1308634d-84f4-4a56-a899-f3419027c5b7", "role": "user", "content": "Clean the audit_log table.", "created_at": 1770195600, "from_history": false, "stop_after_tool_call": false}, {"id": "f01d0f72-88f0-48bc-b292-315fb85d17b1", "role": "assistant", "created_at": 1770195600, "tool_calls": [{"id": "call_del1", "type": "function", "function": {"name": "delete_records", "arguments": "{\"table\": \"audit_log\", \"older_than_days\": 90}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ceab3806-858c-4de4-8a1d-e702f744b060", "role": "tool", "content": "deleted 42 rows from audit_log older than 90 days", "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195900, "from_history": false, "tool_call_id": "call_del1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "a750533f-9b07-4646-88df-a629371883d5", "role": "assistant", "content": "Done: 42 old audit_log rows deleted.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770195900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Ops agent", "created_at": 1770195900, "session_id": "31000000-0000-4000-8000-000000000003", "content_type": "str", "requirements": [{"id": "e44c2671-09ee-473f-ab9e-0dded38bb262", "created_at": "2026-02-04T09:00:00+00:00", "confirmation": true, "tool_execution": {"result": "deleted 42 rows from audit_log older than 90 days", "metrics": null, "answered": null, "confirmed": true, "tool_args": {"table": "audit_log", "older_than_days": 90}, "tool_name": "delete_records", "created_at": 1770195600, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": false, "external_execution_silent": null, "external_execution_required": null}}], "session_state": {}, "model_provider": "Fake"}', 1770195600, 1770195900);
INSERT INTO app.my_custom_runs VALUES ('run-31-021', '31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', NULL, 'PAUSED', 1, '{"input": {"input_content": "Now clean the sessions table."}, "model": "fake-model-1", "tools": [{"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"table": "sessions", "older_than_days": 30}, "tool_name": "delete_records", "created_at": 1770196500, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del2", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": true, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-021", "status": "PAUSED", "content": "I have tools to execute, but I need confirmation.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "ops-agent", "messages": [{"id": "8b215c98-33aa-42c3-b40d-42a9bdee6a79", "role": "user", "content": "Now clean the sessions table.", "created_at": 1770196500, "from_history": false, "stop_after_tool_call": false}, {"id": "35136bd7-ef3f-4d71-9682-52c91488cc05", "role": "assistant", "created_at": 1770196500, "tool_calls": [{"id": "call_del2", "type": "function", "function": {"name": "delete_records", "arguments": "{\"table\": \"sessions\", \"older_than_days\": 30}"}}], "from_history": false, "stop_after_tool_call": false}], "agent_name": "Ops agent", "created_at": 1770196500, "session_id": "31000000-0000-4000-8000-000000000003", "content_type": "str", "requirements": [{"id": "90db1a1f-b26e-49d0-b6a9-6406d6faa74b", "created_at": "2026-02-04T09:15:00+00:00", "tool_execution": {"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"table": "sessions", "older_than_days": 30}, "tool_name": "delete_records", "created_at": 1770196500, "approval_id": null, "child_run_id": null, "tool_call_id": "call_del2", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": true, "external_execution_silent": null, "external_execution_required": null}}], "session_state": {}, "model_provider": "Fake"}', 1770196500, 1770196500);
INSERT INTO app.my_custom_runs VALUES ('run-31-030', '31000000-0000-4000-8000-000000000004', 'agent', 'billing-agent', NULL, NULL, 'carol', NULL, 'PAUSED', 0, '{"input": {"input_content": "Send invoice INV-7."}, "model": "fake-model-1", "tools": [{"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"invoice_id": "INV-7"}, "tool_name": "send_invoice", "created_at": 1770282000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv7", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}], "parent_tool_call_id": null, "requires_user_input": true, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-030", "status": "PAUSED", "content": "I have tools to execute, but I need user input.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "carol", "agent_id": "billing-agent", "messages": [{"id": "049a2dee-ef00-4fa4-9619-1b8d4e799166", "role": "user", "content": "Send invoice INV-7.", "created_at": 1770282000, "from_history": false, "stop_after_tool_call": false}, {"id": "46d60756-9dde-4bb7-8387-f38111398faf", "role": "assistant", "created_at": 1770282000, "tool_calls": [{"id": "call_inv7", "type": "function", "function": {"name": "send_invoice", "arguments": "{\"invoice_id\": \"INV-7\"}"}}], "from_history": false, "stop_after_tool_call": false}], "agent_name": "Billing agent", "created_at": 1770282000, "session_id": "31000000-0000-4000-8000-000000000004", "content_type": "str", "requirements": [{"id": "b102eaa6-491f-43ea-bfa9-30d21589dca3", "created_at": "2026-02-05T09:00:00+00:00", "tool_execution": {"result": null, "metrics": null, "answered": null, "confirmed": null, "tool_args": {"invoice_id": "INV-7"}, "tool_name": "send_invoice", "created_at": 1770282000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_inv7", "approval_type": null, "tool_call_error": null, "confirmation_note": null, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}], "parent_tool_call_id": null, "requires_user_input": true, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}, "user_input_schema": [{"name": "invoice_id", "value": "INV-7", "field_type": "str", "description": null}, {"name": "recipient", "value": null, "field_type": "str", "description": null}]}], "session_state": {}, "model_provider": "Fake"}', 1770282000, 1770282000);
INSERT INTO app.my_custom_runs VALUES ('run-31-040', '31000000-0000-4000-8000-000000000005', 'agent', 'vision-agent', NULL, NULL, 'dave', NULL, 'COMPLETED', 0, '{"input": {"files": [{"id": "file-in-bytes", "content": "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK", "filename": "one.pdf", "mime_type": "application/pdf"}, {"id": "file-in-url", "url": "https://example.com/report.pdf"}], "audios": [{"id": "aud-in-bytes", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}], "images": [{"id": "img-in-url", "url": "https://example.com/cat.png"}, {"id": "img-in-bytes", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "input_content": "Describe these attachments."}, "model": "fake-model-1", "tools": [], "images": [{"id": "img-out-1", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "run_id": "run-31-040", "status": "COMPLETED", "content": "A single white pixel, a silent clip and a one-page PDF. Here is a thumbnail.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "dave", "agent_id": "vision-agent", "messages": [{"id": "c94d8cac-3dda-45bb-96f9-575db12c1511", "role": "user", "audio": [{"id": "aud-in-bytes", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}], "files": [{"id": "file-in-bytes", "content": "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK", "filename": "one.pdf", "mime_type": "application/pdf"}, {"id": "file-in-url", "url": "https://example.com/report.pdf"}], "images": [{"id": "img-in-url", "url": "https://example.com/cat.png"}, {"id": "img-in-bytes", "content": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "mime_type": "image/png"}], "content": "Describe these attachments.", "created_at": 1770368400, "from_history": false, "stop_after_tool_call": false}, {"id": "0cb3310c-226f-4d18-9c12-c5e6ac721300", "role": "assistant", "content": "A single white pixel, a silent clip and a one-page PDF. Here is a thumbnail.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770368400, "audio_output": {"id": "aud-out-1", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Vision agent", "created_at": 1770368400, "session_id": "31000000-0000-4000-8000-000000000005", "content_type": "str", "session_state": {}, "model_provider": "Fake", "response_audio": {"id": "aud-out-1", "format": "wav", "content": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=", "channels": 1, "sample_rate": 24000}}', 1770368400, 1770368400);
INSERT INTO app.my_custom_runs VALUES ('run-31-050', '31000000-0000-4000-8000-000000000006', 'agent', 'confused-agent', NULL, NULL, 'erin', NULL, 'COMPLETED', 0, '{"input": {"input_content": "What is the ACME stock price?"}, "model": "fake-model-1", "tools": [{"result": "11°C cloudy", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770454800, "approval_id": null, "child_run_id": null, "tool_call_id": "call_wx2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-050", "status": "COMPLETED", "content": "I cannot look up stock prices; Berlin is 11°C and cloudy.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "erin", "agent_id": "confused-agent", "messages": [{"id": "2d4893b7-1a6f-40b6-8188-902f6ddee429", "role": "user", "content": "What is the ACME stock price?", "created_at": 1770454800, "from_history": false, "stop_after_tool_call": false}, {"id": "cdea1970-a84b-4eaa-8c1d-de3c04b6e38e", "role": "assistant", "created_at": 1770454800, "tool_calls": [{"id": "call_ghost1", "type": "function", "function": {"name": "get_stock_price", "arguments": "{\"ticker\": \"ACME\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "9fdd3ad1-f396-4ed0-b5f1-96ea928c2858", "role": "tool", "content": "Error: The requested tool does not exist or is not available.", "tool_name": "get_stock_price", "created_at": 1770454800, "from_history": false, "tool_call_id": "call_ghost1", "stop_after_tool_call": false}, {"id": "84cb656c-bc03-46f3-b343-6ce25ee0e0af", "role": "assistant", "created_at": 1770454800, "tool_calls": [{"id": "call_wx2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Berlin\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "f194a8e1-576d-4af9-8817-06ad162313c5", "role": "tool", "content": "11°C cloudy", "tool_args": {"city": "Berlin"}, "tool_name": "get_weather", "created_at": 1770454800, "from_history": false, "tool_call_id": "call_wx2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "4eb41c06-bfff-4cf6-ac98-0f86549537fb", "role": "assistant", "content": "I cannot look up stock prices; Berlin is 11°C and cloudy.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770454800, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Confused agent", "created_at": 1770454800, "session_id": "31000000-0000-4000-8000-000000000006", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770454800, 1770454800);
INSERT INTO app.my_custom_runs VALUES ('run-31-060', '31000000-0000-4000-8000-000000000007', 'agent', 'shop-agent', NULL, NULL, 'erin', NULL, 'COMPLETED', 0, '{"input": {"input_content": "Add espressobeans to my cart."}, "model": "fake-model-1", "tools": [{"result": "cart now has 2 items", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"item": "espresso beans"}, "tool_name": "add_to_cart", "created_at": 1770541200, "approval_id": null, "child_run_id": null, "tool_call_id": "call_cart1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-060", "status": "COMPLETED", "content": "Added espresso beans. (NUL above)", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "erin", "agent_id": "shop-agent", "messages": [{"id": "fc30eb76-3016-4fd1-8f65-5972f9e8fa2c", "role": "user", "content": "Add espressobeans to my cart.", "created_at": 1770541200, "from_history": false, "stop_after_tool_call": false}, {"id": "e0853a5b-2a87-409c-9a50-06dfdca7d04e", "role": "assistant", "created_at": 1770541200, "tool_calls": [{"id": "call_cart1", "type": "function", "function": {"name": "add_to_cart", "arguments": "{\"item\": \"espresso beans\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ac2b9099-54fe-46af-b198-15ec0783d232", "role": "tool", "content": "cart now has 2 items", "tool_args": {"item": "espresso beans"}, "tool_name": "add_to_cart", "created_at": 1770541200, "from_history": false, "tool_call_id": "call_cart1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "7e6a0fbf-259e-4901-b5d9-ebd18e4a96c3", "role": "assistant", "content": "Added espresso beans. (NUL above)", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770541200, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Shop agent", "created_at": 1770541200, "session_id": "31000000-0000-4000-8000-000000000007", "content_type": "str", "session_state": {"cart": ["grinder", "espresso beans"], "note": "nulinside", "currency": "EUR"}, "model_provider": "Fake"}', 1770541200, 1770541200);
INSERT INTO app.my_custom_runs VALUES ('run-31-070', '31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'REGENERATED', 0, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "run-31-070", "status": "REGENERATED", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "58dab364-33b8-4255-9bac-815f670ac4c9", "role": "assistant", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627600, "session_id": "31000000-0000-4000-8000-000000000008", "content_type": "str", "session_state": {}, "model_provider": "Fake"}', 1770627600, 1770627900);
INSERT INTO app.my_custom_runs VALUES ('9fbdb648-d013-4a52-8553-b621c2abc47f', '31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "tools": [], "run_id": "9fbdb648-d013-4a52-8553-b621c2abc47f", "status": "COMPLETED", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "c3f6d20f-b5a2-41ba-bf20-7bc391dd62f7", "role": "assistant", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627900, "session_id": "31000000-0000-4000-8000-000000000008", "content_type": "str", "session_state": {}, "model_provider": "Fake", "regenerated_from": "run-31-070", "forked_from_run_id": "run-31-070", "forked_from_message_index": 1, "last_checkpoint_at_message_index": 1}', 1770627900, 1770627900);
INSERT INTO app.my_custom_runs VALUES ('c545ab31-ad4c-46ec-86df-ccca6b3f05e4', 'a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'REGENERATED', 0, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "c545ab31-ad4c-46ec-86df-ccca6b3f05e4", "status": "REGENERATED", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "58dab364-33b8-4255-9bac-815f670ac4c9", "role": "assistant", "content": "Autumn moonlight / a worm digs silently / into the chestnut.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627600, "session_id": "a1d1754f-65ac-42c3-a642-68a3fc337b96", "content_type": "str", "session_state": {}, "model_provider": "Fake", "forked_from_session_id": "31000000-0000-4000-8000-000000000008"}', 1770627600, 1770628200);
INSERT INTO app.my_custom_runs VALUES ('a73cbc55-0243-4f6c-a2b1-a87390482b9f', 'a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Write a haiku."}, "model": "fake-model-1", "events": [], "run_id": "a73cbc55-0243-4f6c-a2b1-a87390482b9f", "status": "COMPLETED", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "frank", "agent_id": "poet-agent", "messages": [{"id": "a768aaf7-6650-438e-b089-5e4018142dc8", "role": "user", "content": "Write a haiku.", "created_at": 1770627600, "from_history": false, "stop_after_tool_call": false}, {"id": "c3f6d20f-b5a2-41ba-bf20-7bc391dd62f7", "role": "assistant", "content": "Old pond / a frog jumps in / water''s sound.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770627900, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Poet", "created_at": 1770627900, "session_id": "a1d1754f-65ac-42c3-a642-68a3fc337b96", "content_type": "str", "session_state": {}, "model_provider": "Fake", "regenerated_from": "run-31-070", "forked_from_run_id": "run-31-070", "forked_from_session_id": "31000000-0000-4000-8000-000000000008", "forked_from_message_index": 1, "last_checkpoint_at_message_index": 1}', 1770627900, 1770628200);
INSERT INTO app.my_custom_runs VALUES ('589801f6-e201-4470-96e5-5a8ca27a2498', '31000000-0000-4000-8000-000000000009', 'agent', 'researcher', NULL, NULL, 'alice', 'run-31-080', 'COMPLETED', 0, '{"input": {"input_content": "Weather in Lisbon"}, "model": "fake-model-1", "tools": [{"result": "21°C sunny", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770714000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_rw1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "589801f6-e201-4470-96e5-5a8ca27a2498", "status": "COMPLETED", "content": "It is 21°C and sunny in Lisbon.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "alice", "agent_id": "researcher", "messages": [{"id": "17c83492-b091-4bfb-abfa-fd5a10887772", "role": "user", "content": "Weather in Lisbon", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "b6eb0dcf-0216-4a86-aee3-c3787103c85b", "role": "assistant", "created_at": 1770714000, "tool_calls": [{"id": "call_rw1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ce368f9c-af54-4e3e-ba04-7c0c2fec17ed", "role": "tool", "content": "21°C sunny", "tool_args": {"city": "Lisbon"}, "tool_name": "get_weather", "created_at": 1770714000, "from_history": false, "tool_call_id": "call_rw1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "d3c595f7-8ad7-4150-987f-d54510b01ddb", "role": "assistant", "content": "It is 21°C and sunny in Lisbon.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Researcher", "created_at": 1770714000, "session_id": "31000000-0000-4000-8000-000000000009", "content_type": "str", "parent_run_id": "run-31-080", "session_state": {"current_run_id": "589801f6-e201-4470-96e5-5a8ca27a2498", "current_user_id": "alice", "current_session_id": "31000000-0000-4000-8000-000000000009"}, "model_provider": "Fake"}', 1770714000, 1770714000);
INSERT INTO app.my_custom_runs VALUES ('run-31-080', '31000000-0000-4000-8000-000000000009', 'team', NULL, 'travel-team', NULL, 'alice', NULL, 'COMPLETED', 1, '{"input": {"input_content": "What is the weather in Lisbon?"}, "model": "fake-model-1", "tools": [{"result": "It is 21°C and sunny in Lisbon.", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"task": "Weather in Lisbon", "member_id": "researcher"}, "tool_name": "delegate_task_to_member", "created_at": 1770714000, "approval_id": null, "child_run_id": null, "tool_call_id": "call_dg1", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-080", "status": "COMPLETED", "content": "The researcher says: 21°C and sunny in Lisbon.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "team_id": "travel-team", "user_id": "alice", "messages": [{"id": "d17d3b6b-ef6f-4193-8aac-9dd32bc6ae4a", "role": "system", "content": "<team>\nYou coordinate this team to fulfill the user''s request. You have a team of specialists, listed below. Delegate to members when their expertise or tools are needed; answer directly — including with your own tools — when they are not.\n\n<team_members>\n<member id=\"researcher\" name=\"Researcher\">\n</member>\n<member id=\"writer\" name=\"Writer\">\n</member>\n</team_members>\n\n<delegation>\nYou work in coordinate mode: you hand sub-tasks to members with `delegate_task_to_member` and write the answer yourself.\n\n- Match each sub-task to the member whose role and description fit it best. When sub-tasks do not depend on each other, delegate them in the same turn instead of one per turn.\n- A member''s output is evidence, not your answer. When a member fails, refuses, or returns nothing, say so plainly and name what it reported — never supply a cause, source, or finding the member did not state.\n- If a response is off-target, re-delegate with clearer instructions or try a better-suited member. If it still misses, answer with what you have and say what is missing — do not work through the roster.\n- Write one answer. Resolve contradictions, add structure, and fill gaps only where you can state the basis for it. Never concatenate member outputs.\n\nMembers do not see this conversation. Each one gets only the text you write for it, so carry over every name, number and earlier answer it needs, and say what a good result looks like.\nMember ids are the ids shown in the roster above, used exactly as written.\n</delegation>\n</team>", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "8def7dae-6974-461e-b187-4ae9948807b7", "role": "user", "content": "What is the weather in Lisbon?", "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}, {"id": "dc43e879-27bf-4e30-8086-ee23e22d4d0c", "role": "assistant", "created_at": 1770714000, "tool_calls": [{"id": "call_dg1", "type": "function", "function": {"name": "delegate_task_to_member", "arguments": "{\"member_id\": \"researcher\", \"task\": \"Weather in Lisbon\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "40c2e14f-75fd-44eb-a38b-683608b697db", "role": "tool", "content": "It is 21°C and sunny in Lisbon.", "tool_args": {"task": "Weather in Lisbon", "member_id": "researcher"}, "tool_name": "delegate_task_to_member", "created_at": 1770714000, "from_history": false, "tool_call_id": "call_dg1", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "0c46e726-3d95-4b78-a051-0e15556e55a6", "role": "assistant", "content": "The researcher says: 21°C and sunny in Lisbon.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770714000, "from_history": false, "stop_after_tool_call": false}], "team_name": "Travel team", "created_at": 1770714000, "session_id": "31000000-0000-4000-8000-000000000009", "content_type": "str", "session_state": {}, "model_provider": "Fake", "member_responses": []}', 1770714000, 1770714000);
INSERT INTO app.my_custom_runs VALUES ('a86712c1-0864-4daa-97ae-d406fe834565', '31000000-0000-4000-8000-00000000000c', 'agent', 'analyst', NULL, NULL, 'bob', 'run-31-090', 'COMPLETED', 0, '{"input": {"input_content": "south ledger"}, "model": "fake-model-1", "tools": [{"result": "<result id=\"res_5955766cbb\" tool=\"sales_report\" lines=\"200\" size=\"5.2KB\">\nsouth-00000,   0 EUR,refunded\nsouth-00001,  37 EUR,paid\nsouth-00002,  74 EUR,paid\nsouth-00003, 111 EUR,paid\nsouth-00004, 148 EUR,paid\n[... 190 lines omitted ...]\nsouth-00195, 215 EUR,paid\nsouth-00196, 252 EUR,refunded\nsouth-00197, 289 EUR,paid\nsouth-00198, 326 EUR,paid\nsouth-00199, 363 EUR,paid\n</result>\nFull result stored; read with read_result(\"res_5955766cbb\") or search_result(\"res_5955766cbb\", pattern).", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"rows": 200, "region": "south"}, "tool_name": "sales_report", "created_at": 1770800400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_sr2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "a86712c1-0864-4daa-97ae-d406fe834565", "status": "COMPLETED", "content": "South: 200 orders.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "bob", "agent_id": "analyst", "messages": [{"id": "daaf9c2f-545f-4690-a69d-58b4ffaa2752", "role": "system", "content": "<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "aef31b0b-19c3-4304-a564-06bde308d8b1", "role": "user", "content": "south ledger", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "adc58171-3fd8-4e08-bcde-ce0596ba0a1b", "role": "assistant", "created_at": 1770800400, "tool_calls": [{"id": "call_sr2", "type": "function", "function": {"name": "sales_report", "arguments": "{\"region\": \"south\", \"rows\": 200}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "1e9a7b2b-24a8-4389-b42b-8763752f12d1", "role": "tool", "content": "<result id=\"res_5955766cbb\" tool=\"sales_report\" lines=\"200\" size=\"5.2KB\">\nsouth-00000,   0 EUR,refunded\nsouth-00001,  37 EUR,paid\nsouth-00002,  74 EUR,paid\nsouth-00003, 111 EUR,paid\nsouth-00004, 148 EUR,paid\n[... 190 lines omitted ...]\nsouth-00195, 215 EUR,paid\nsouth-00196, 252 EUR,refunded\nsouth-00197, 289 EUR,paid\nsouth-00198, 326 EUR,paid\nsouth-00199, 363 EUR,paid\n</result>\nFull result stored; read with read_result(\"res_5955766cbb\") or search_result(\"res_5955766cbb\", pattern).", "tool_args": {"rows": 200, "region": "south"}, "tool_name": "sales_report", "created_at": 1770800400, "from_history": false, "tool_call_id": "call_sr2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "cc486a4a-5056-4c3a-b240-419668605a4b", "role": "assistant", "content": "South: 200 orders.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}], "agent_name": "Analyst", "created_at": 1770800400, "session_id": "31000000-0000-4000-8000-00000000000c", "content_type": "str", "parent_run_id": "run-31-090", "session_state": {"current_run_id": "a86712c1-0864-4daa-97ae-d406fe834565", "current_user_id": "bob", "current_session_id": "31000000-0000-4000-8000-00000000000c"}, "model_provider": "Fake"}', 1770800400, 1770800400);
INSERT INTO app.my_custom_runs VALUES ('run-31-090', '31000000-0000-4000-8000-00000000000c', 'team', NULL, 'sales-team', NULL, 'bob', NULL, 'COMPLETED', 1, '{"input": {"input_content": "Count the south ledger orders."}, "model": "fake-model-1", "tools": [{"result": "South: 200 orders.", "metrics": null, "answered": null, "confirmed": null, "tool_args": {"task": "south ledger", "member_id": "analyst"}, "tool_name": "delegate_task_to_member", "created_at": 1770800400, "approval_id": null, "child_run_id": null, "tool_call_id": "call_dg2", "approval_type": null, "tool_call_error": false, "confirmation_note": null, "user_input_schema": null, "parent_tool_call_id": null, "requires_user_input": null, "stop_after_tool_call": false, "user_feedback_schema": null, "requires_confirmation": null, "external_execution_silent": null, "external_execution_required": null}], "run_id": "run-31-090", "status": "COMPLETED", "content": "The analyst counted 200 south orders.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "team_id": "sales-team", "user_id": "bob", "messages": [{"id": "24d13210-5eb9-4781-8019-b886b570f309", "role": "system", "content": "<team>\nYou coordinate this team to fulfill the user''s request. You have a team of specialists, listed below. Delegate to members when their expertise or tools are needed; answer directly — including with your own tools — when they are not.\n\n<team_members>\n<member id=\"analyst\" name=\"Analyst\">\n</member>\n</team_members>\n\n<delegation>\nYou work in coordinate mode: you hand sub-tasks to members with `delegate_task_to_member` and write the answer yourself.\n\n- Match each sub-task to the member whose role and description fit it best. When sub-tasks do not depend on each other, delegate them in the same turn instead of one per turn.\n- A member''s output is evidence, not your answer. When a member fails, refuses, or returns nothing, say so plainly and name what it reported — never supply a cause, source, or finding the member did not state.\n- If a response is off-target, re-delegate with clearer instructions or try a better-suited member. If it still misses, answer with what you have and say what is missing — do not work through the roster.\n- Write one answer. Resolve contradictions, add structure, and fill gaps only where you can state the basis for it. Never concatenate member outputs.\n\nMembers do not see this conversation. Each one gets only the text you write for it, so carry over every name, number and earlier answer it needs, and say what a good result looks like.\nMember ids are the ids shown in the roster above, used exactly as written.\n</delegation>\n</team>\n\n<additional_information>\n- Large tool results are stored as files and shown to you as a short preview with a result id. The preview is not the whole result. Use search_result to locate what you need and read_result to read that range; do not answer from the preview when the preview was truncated. Read a focused excerpt with the match''s line, start_char and a small max_chars instead of reloading the whole result.\n</additional_information>", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "70d6a118-31ee-4d56-8c2d-d40d7aa4944a", "role": "user", "content": "Count the south ledger orders.", "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}, {"id": "d302f654-2de5-4afc-95fb-bf04af9207f1", "role": "assistant", "created_at": 1770800400, "tool_calls": [{"id": "call_dg2", "type": "function", "function": {"name": "delegate_task_to_member", "arguments": "{\"member_id\": \"analyst\", \"task\": \"south ledger\"}"}}], "from_history": false, "stop_after_tool_call": false}, {"id": "ceebf730-b08b-4f67-af65-796ea87012f7", "role": "tool", "content": "South: 200 orders.", "tool_args": {"task": "south ledger", "member_id": "analyst"}, "tool_name": "delegate_task_to_member", "created_at": 1770800400, "from_history": false, "tool_call_id": "call_dg2", "tool_call_error": false, "stop_after_tool_call": false}, {"id": "c9f3176b-7fa5-4bd0-b399-d902b04d9f5c", "role": "assistant", "content": "The analyst counted 200 south orders.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770800400, "from_history": false, "stop_after_tool_call": false}], "team_name": "Sales team", "created_at": 1770800400, "session_id": "31000000-0000-4000-8000-00000000000c", "content_type": "str", "session_state": {}, "model_provider": "Fake", "member_responses": []}', 1770800400, 1770800400);
INSERT INTO app.my_custom_runs VALUES ('run-31-100', '31000000-0000-4000-8000-00000000000a', 'workflow', NULL, NULL, 'blog-flow', 'dave', NULL, 'COMPLETED', 0, '{"audio": [], "files": [], "input": "Tram 28 ", "images": [], "run_id": "run-31-100", "status": "COMPLETED", "videos": [], "content": "A short post about tram 28.", "metrics": {"steps": {"draft": {"metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "step_name": "draft", "executor_name": "Blog writer", "executor_type": "agent"}}, "duration": 0.0}, "user_id": "dave", "metadata": {}, "created_at": 1770886800, "session_id": "31000000-0000-4000-8000-00000000000a", "workflow_id": "blog-flow", "content_type": "str", "step_results": [{"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: tram 28", "metrics": null, "step_id": "32d5c3f9-b33f-4982-b659-f31286593bd6", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}, {"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "A short post about tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "step_id": "2a1b4fbf-1465-4623-816d-e87526a95908", "success": true, "is_paused": false, "step_name": "draft", "step_type": "Step", "step_run_id": "2c19ad8c-9aed-4a24-a53a-aca910a22adf", "executor_name": "Blog writer", "executor_type": "agent"}], "workflow_name": "Blog flow", "step_executor_runs": [{"input": {"input_content": "normalised: tram 28"}, "model": "fake-model-1", "tools": [], "run_id": "2c19ad8c-9aed-4a24-a53a-aca910a22adf", "status": "COMPLETED", "content": "A short post about tram 28.", "metrics": {"duration": 0.0, "time_to_first_token": 0.0}, "user_id": "dave", "agent_id": "blog-writer", "messages": [{"id": "a8d3cc78-1bba-42f3-baaf-af541696a3f8", "role": "user", "content": "normalised: tram 28", "created_at": 1770886800, "from_history": false, "stop_after_tool_call": false}, {"id": "d37ead2c-b036-409b-8299-abf820121075", "role": "assistant", "content": "A short post about tram 28.", "metrics": {"time_to_first_token": 0.0}, "created_at": 1770886800, "from_history": false, "stop_after_tool_call": false}], "metadata": {}, "agent_name": "Blog writer", "created_at": 1770886800, "session_id": "31000000-0000-4000-8000-00000000000a", "content_type": "str", "parent_run_id": "run-31-100", "session_state": {}, "model_provider": "Fake", "workflow_step_id": "2a1b4fbf-1465-4623-816d-e87526a95908"}]}', 1770886800, 1770886800);
INSERT INTO app.my_custom_runs VALUES ('run-31-110', '31000000-0000-4000-8000-00000000000b', 'workflow', NULL, NULL, 'gated-flow', 'dave', NULL, 'PAUSED', 0, '{"input": "Release notes", "run_id": "run-31-110", "status": "PAUSED", "metrics": {"steps": {}, "duration": 0.0}, "user_id": "dave", "metadata": {}, "created_at": 1770973200, "pause_kind": "step", "session_id": "31000000-0000-4000-8000-00000000000b", "workflow_id": "gated-flow", "content_type": "str", "step_results": [{"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: release notes", "metrics": null, "step_id": "30384a15-41b2-4e85-9242-a3d853c8f035", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}], "workflow_name": "Gated flow", "paused_step_name": "publish", "paused_step_index": 1, "step_requirements": [{"step_id": "fb03a388-8f7e-4e98-bc96-e079bd8ac2ac", "confirmed": null, "on_reject": "skip", "step_name": "publish", "step_type": "Step", "on_timeout": "cancel", "step_index": 1, "step_input": {"audio": null, "files": null, "input": "Release notes", "images": null, "videos": null, "additional_data": null, "previous_step_content": "normalised: release notes", "previous_step_outputs": {"normalise": {"stop": false, "audio": null, "error": null, "files": null, "images": null, "videos": null, "content": "normalised: release notes", "metrics": null, "step_id": "30384a15-41b2-4e85-9242-a3d853c8f035", "success": true, "is_paused": false, "step_name": "normalise", "step_type": "Step", "step_run_id": null, "executor_name": "normalise", "executor_type": "function"}}}, "timeout_at": null, "user_input": null, "max_retries": 3, "retry_count": 0, "selected_choices": null, "available_choices": null, "is_post_execution": false, "rejection_feedback": null, "user_input_message": null, "requires_user_input": false, "confirmation_message": "Publish the post?", "output_review_message": null, "requires_confirmation": true, "requires_output_review": false, "requires_route_selection": false, "allow_multiple_selections": false}]}', 1770973200, 1770973200);


--
-- Data for Name: my_sessions; Type: TABLE DATA; Schema: app; Owner: -
--

INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000001', 'agent', 'trip-planner', NULL, NULL, 'alice', '{"session_state": {}, "session_metrics": {}}', '{"name": "Trip planner", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "trip-planner"}', NULL, NULL, 'null', 'null', 1770022800, 1770024600);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000002', 'agent', 'report-agent', NULL, NULL, 'bob', '{"session_state": {}, "session_metrics": {}}', '{"name": "Report agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "report-agent"}', NULL, NULL, 'null', 'null', 1770109200, 1770110100);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000003', 'agent', 'ops-agent', NULL, NULL, 'carol', '{"session_state": {}, "session_metrics": {}}', '{"name": "Ops agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "ops-agent"}', NULL, NULL, 'null', 'null', 1770195600, 1770196500);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000004', 'agent', 'billing-agent', NULL, NULL, 'carol', '{"session_state": {}, "session_metrics": {}}', '{"name": "Billing agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "billing-agent"}', NULL, NULL, 'null', 'null', 1770282000, 1770282000);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000005', 'agent', 'vision-agent', NULL, NULL, 'dave', '{"session_state": {}, "session_metrics": {}}', '{"name": "Vision agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "vision-agent"}', NULL, NULL, 'null', 'null', 1770368400, 1770368400);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000006', 'agent', 'confused-agent', NULL, NULL, 'erin', '{"session_state": {}, "session_metrics": {}}', '{"name": "Confused agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "confused-agent"}', NULL, NULL, 'null', 'null', 1770454800, 1770454800);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000007', 'agent', 'shop-agent', NULL, NULL, 'erin', '{"session_state": {"cart": ["grinder", "espresso beans"], "note": "nulinside", "currency": "EUR"}, "session_metrics": {}}', '{"name": "Shop agent", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "shop-agent"}', NULL, NULL, 'null', 'null', 1770541200, 1770541200);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000008', 'agent', 'poet-agent', NULL, NULL, 'frank', '{"session_state": {}, "session_metrics": {}}', '{"name": "Poet", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "poet-agent"}', NULL, NULL, 'null', 'null', 1770627600, 1770627900);
INSERT INTO app.my_sessions VALUES ('a1d1754f-65ac-42c3-a642-68a3fc337b96', 'agent', 'poet-agent', NULL, NULL, 'frank', '{"session_state": {}, "session_metrics": {}, "forked_from_session_id": "31000000-0000-4000-8000-000000000008"}', '{"name": "Poet", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "agent_id": "poet-agent"}', NULL, NULL, 'null', 'null', 1770628200, 1770628200);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-000000000009', 'team', NULL, 'travel-team', NULL, 'alice', '{"session_state": {}, "session_metrics": {}}', NULL, '{"name": "Travel team", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "team_id": "travel-team"}', NULL, 'null', 'null', 1770714000, 1770714000);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-00000000000c', 'team', NULL, 'sales-team', NULL, 'bob', '{"session_state": {}, "session_metrics": {}}', NULL, '{"name": "Sales team", "model": {"id": "fake-model-1", "name": "FakeModel", "provider": "Fake"}, "team_id": "sales-team"}', NULL, 'null', 'null', 1770800400, 1770800400);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-00000000000a', 'workflow', NULL, NULL, 'blog-flow', 'dave', '{"session_state": {}, "session_metrics": {}}', NULL, NULL, '{"name": "Blog flow", "steps": [{"name": "normalise", "type": "Step", "description": null}, {"name": "draft", "type": "Step", "description": null}], "workflow_id": "blog-flow"}', '{}', 'null', 1770886800, 1770886800);
INSERT INTO app.my_sessions VALUES ('31000000-0000-4000-8000-00000000000b', 'workflow', NULL, NULL, 'gated-flow', 'dave', '{"session_state": {}, "session_metrics": {}}', NULL, NULL, '{"name": "Gated flow", "steps": [{"name": "normalise", "type": "Step", "description": null}, {"name": "publish", "type": "Step", "description": null}], "workflow_id": "gated-flow"}', '{}', 'null', 1770973200, 1770973200);


--
-- Data for Name: agno_fs; Type: TABLE DATA; Schema: fs; Owner: -
--

INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'results/run-31-010/res_e5e031c2b5.txt', 'north-00000,   0 EUR,refunded
north-00001,  37 EUR,paid
north-00002,  74 EUR,paid
north-00003, 111 EUR,paid
north-00004, 148 EUR,paid
north-00005, 185 EUR,paid
north-00006, 222 EUR,paid
north-00007, 259 EUR,refunded
north-00008, 296 EUR,paid
north-00009, 333 EUR,paid
north-00010, 370 EUR,paid
north-00011, 407 EUR,paid
north-00012, 444 EUR,paid
north-00013, 481 EUR,paid
north-00014, 518 EUR,refunded
north-00015, 555 EUR,paid
north-00016, 592 EUR,paid
north-00017, 629 EUR,paid
north-00018, 666 EUR,paid
north-00019, 703 EUR,paid
north-00020, 740 EUR,paid
north-00021, 777 EUR,refunded
north-00022, 814 EUR,paid
north-00023, 851 EUR,paid
north-00024, 888 EUR,paid
north-00025, 925 EUR,paid
north-00026, 962 EUR,paid
north-00027, 999 EUR,paid
north-00028,  36 EUR,refunded
north-00029,  73 EUR,paid
north-00030, 110 EUR,paid
north-00031, 147 EUR,paid
north-00032, 184 EUR,paid
north-00033, 221 EUR,paid
north-00034, 258 EUR,paid
north-00035, 295 EUR,refunded
north-00036, 332 EUR,paid
north-00037, 369 EUR,paid
north-00038, 406 EUR,paid
north-00039, 443 EUR,paid
north-00040, 480 EUR,paid
north-00041, 517 EUR,paid
north-00042, 554 EUR,refunded
north-00043, 591 EUR,paid
north-00044, 628 EUR,paid
north-00045, 665 EUR,paid
north-00046, 702 EUR,paid
north-00047, 739 EUR,paid
north-00048, 776 EUR,paid
north-00049, 813 EUR,refunded
north-00050, 850 EUR,paid
north-00051, 887 EUR,paid
north-00052, 924 EUR,paid
north-00053, 961 EUR,paid
north-00054, 998 EUR,paid
north-00055,  35 EUR,paid
north-00056,  72 EUR,refunded
north-00057, 109 EUR,paid
north-00058, 146 EUR,paid
north-00059, 183 EUR,paid
north-00060, 220 EUR,paid
north-00061, 257 EUR,paid
north-00062, 294 EUR,paid
north-00063, 331 EUR,refunded
north-00064, 368 EUR,paid
north-00065, 405 EUR,paid
north-00066, 442 EUR,paid
north-00067, 479 EUR,paid
north-00068, 516 EUR,paid
north-00069, 553 EUR,paid
north-00070, 590 EUR,refunded
north-00071, 627 EUR,paid
north-00072, 664 EUR,paid
north-00073, 701 EUR,paid
north-00074, 738 EUR,paid
north-00075, 775 EUR,paid
north-00076, 812 EUR,paid
north-00077, 849 EUR,refunded
north-00078, 886 EUR,paid
north-00079, 923 EUR,paid
north-00080, 960 EUR,paid
north-00081, 997 EUR,paid
north-00082,  34 EUR,paid
north-00083,  71 EUR,paid
north-00084, 108 EUR,refunded
north-00085, 145 EUR,paid
north-00086, 182 EUR,paid
north-00087, 219 EUR,paid
north-00088, 256 EUR,paid
north-00089, 293 EUR,paid
north-00090, 330 EUR,paid
north-00091, 367 EUR,refunded
north-00092, 404 EUR,paid
north-00093, 441 EUR,paid
north-00094, 478 EUR,paid
north-00095, 515 EUR,paid
north-00096, 552 EUR,paid
north-00097, 589 EUR,paid
north-00098, 626 EUR,refunded
north-00099, 663 EUR,paid
north-00100, 700 EUR,paid
north-00101, 737 EUR,paid
north-00102, 774 EUR,paid
north-00103, 811 EUR,paid
north-00104, 848 EUR,paid
north-00105, 885 EUR,refunded
north-00106, 922 EUR,paid
north-00107, 959 EUR,paid
north-00108, 996 EUR,paid
north-00109,  33 EUR,paid
north-00110,  70 EUR,paid
north-00111, 107 EUR,paid
north-00112, 144 EUR,refunded
north-00113, 181 EUR,paid
north-00114, 218 EUR,paid
north-00115, 255 EUR,paid
north-00116, 292 EUR,paid
north-00117, 329 EUR,paid
north-00118, 366 EUR,paid
north-00119, 403 EUR,refunded
north-00120, 440 EUR,paid
north-00121, 477 EUR,paid
north-00122, 514 EUR,paid
north-00123, 551 EUR,paid
north-00124, 588 EUR,paid
north-00125, 625 EUR,paid
north-00126, 662 EUR,refunded
north-00127, 699 EUR,paid
north-00128, 736 EUR,paid
north-00129, 773 EUR,paid
north-00130, 810 EUR,paid
north-00131, 847 EUR,paid
north-00132, 884 EUR,paid
north-00133, 921 EUR,refunded
north-00134, 958 EUR,paid
north-00135, 995 EUR,paid
north-00136,  32 EUR,paid
north-00137,  69 EUR,paid
north-00138, 106 EUR,paid
north-00139, 143 EUR,paid
north-00140, 180 EUR,refunded
north-00141, 217 EUR,paid
north-00142, 254 EUR,paid
north-00143, 291 EUR,paid
north-00144, 328 EUR,paid
north-00145, 365 EUR,paid
north-00146, 402 EUR,paid
north-00147, 439 EUR,refunded
north-00148, 476 EUR,paid
north-00149, 513 EUR,paid
north-00150, 550 EUR,paid
north-00151, 587 EUR,paid
north-00152, 624 EUR,paid
north-00153, 661 EUR,paid
north-00154, 698 EUR,refunded
north-00155, 735 EUR,paid
north-00156, 772 EUR,paid
north-00157, 809 EUR,paid
north-00158, 846 EUR,paid
north-00159, 883 EUR,paid
north-00160, 920 EUR,paid
north-00161, 957 EUR,refunded
north-00162, 994 EUR,paid
north-00163,  31 EUR,paid
north-00164,  68 EUR,paid
north-00165, 105 EUR,paid
north-00166, 142 EUR,paid
north-00167, 179 EUR,paid
north-00168, 216 EUR,refunded
north-00169, 253 EUR,paid
north-00170, 290 EUR,paid
north-00171, 327 EUR,paid
north-00172, 364 EUR,paid
north-00173, 401 EUR,paid
north-00174, 438 EUR,paid
north-00175, 475 EUR,refunded
north-00176, 512 EUR,paid
north-00177, 549 EUR,paid
north-00178, 586 EUR,paid
north-00179, 623 EUR,paid
north-00180, 660 EUR,paid
north-00181, 697 EUR,paid
north-00182, 734 EUR,refunded
north-00183, 771 EUR,paid
north-00184, 808 EUR,paid
north-00185, 845 EUR,paid
north-00186, 882 EUR,paid
north-00187, 919 EUR,paid
north-00188, 956 EUR,paid
north-00189, 993 EUR,refunded
north-00190,  30 EUR,paid
north-00191,  67 EUR,paid
north-00192, 104 EUR,paid
north-00193, 141 EUR,paid
north-00194, 178 EUR,paid
north-00195, 215 EUR,paid
north-00196, 252 EUR,refunded
north-00197, 289 EUR,paid
north-00198, 326 EUR,paid
north-00199, 363 EUR,paid
north-00200, 400 EUR,paid
north-00201, 437 EUR,paid
north-00202, 474 EUR,paid
north-00203, 511 EUR,refunded
north-00204, 548 EUR,paid
north-00205, 585 EUR,paid
north-00206, 622 EUR,paid
north-00207, 659 EUR,paid
north-00208, 696 EUR,paid
north-00209, 733 EUR,paid
north-00210, 770 EUR,refunded
north-00211, 807 EUR,paid
north-00212, 844 EUR,paid
north-00213, 881 EUR,paid
north-00214, 918 EUR,paid
north-00215, 955 EUR,paid
north-00216, 992 EUR,paid
north-00217,  29 EUR,refunded
north-00218,  66 EUR,paid
north-00219, 103 EUR,paid
north-00220, 140 EUR,paid
north-00221, 177 EUR,paid
north-00222, 214 EUR,paid
north-00223, 251 EUR,paid
north-00224, 288 EUR,refunded
north-00225, 325 EUR,paid
north-00226, 362 EUR,paid
north-00227, 399 EUR,paid
north-00228, 436 EUR,paid
north-00229, 473 EUR,paid
north-00230, 510 EUR,paid
north-00231, 547 EUR,refunded
north-00232, 584 EUR,paid
north-00233, 621 EUR,paid
north-00234, 658 EUR,paid
north-00235, 695 EUR,paid
north-00236, 732 EUR,paid
north-00237, 769 EUR,paid
north-00238, 806 EUR,refunded
north-00239, 843 EUR,paid
north-00240, 880 EUR,paid
north-00241, 917 EUR,paid
north-00242, 954 EUR,paid
north-00243, 991 EUR,paid
north-00244,  28 EUR,paid
north-00245,  65 EUR,refunded
north-00246, 102 EUR,paid
north-00247, 139 EUR,paid
north-00248, 176 EUR,paid
north-00249, 213 EUR,paid
north-00250, 250 EUR,paid
north-00251, 287 EUR,paid
north-00252, 324 EUR,refunded
north-00253, 361 EUR,paid
north-00254, 398 EUR,paid
north-00255, 435 EUR,paid
north-00256, 472 EUR,paid
north-00257, 509 EUR,paid
north-00258, 546 EUR,paid
north-00259, 583 EUR,refunded
north-00260, 620 EUR,paid
north-00261, 657 EUR,paid
north-00262, 694 EUR,paid
north-00263, 731 EUR,paid
north-00264, 768 EUR,paid
north-00265, 805 EUR,paid
north-00266, 842 EUR,refunded
north-00267, 879 EUR,paid
north-00268, 916 EUR,paid
north-00269, 953 EUR,paid
north-00270, 990 EUR,paid
north-00271,  27 EUR,paid
north-00272,  64 EUR,paid
north-00273, 101 EUR,refunded
north-00274, 138 EUR,paid
north-00275, 175 EUR,paid
north-00276, 212 EUR,paid
north-00277, 249 EUR,paid
north-00278, 286 EUR,paid
north-00279, 323 EUR,paid
north-00280, 360 EUR,refunded
north-00281, 397 EUR,paid
north-00282, 434 EUR,paid
north-00283, 471 EUR,paid
north-00284, 508 EUR,paid
north-00285, 545 EUR,paid
north-00286, 582 EUR,paid
north-00287, 619 EUR,refunded
north-00288, 656 EUR,paid
north-00289, 693 EUR,paid
north-00290, 730 EUR,paid
north-00291, 767 EUR,paid
north-00292, 804 EUR,paid
north-00293, 841 EUR,paid
north-00294, 878 EUR,refunded
north-00295, 915 EUR,paid
north-00296, 952 EUR,paid
north-00297, 989 EUR,paid
north-00298,  26 EUR,paid
north-00299,  63 EUR,paid
north-00300, 100 EUR,paid
north-00301, 137 EUR,refunded
north-00302, 174 EUR,paid
north-00303, 211 EUR,paid
north-00304, 248 EUR,paid
north-00305, 285 EUR,paid
north-00306, 322 EUR,paid
north-00307, 359 EUR,paid
north-00308, 396 EUR,refunded
north-00309, 433 EUR,paid
north-00310, 470 EUR,paid
north-00311, 507 EUR,paid
north-00312, 544 EUR,paid
north-00313, 581 EUR,paid
north-00314, 618 EUR,paid
north-00315, 655 EUR,refunded
north-00316, 692 EUR,paid
north-00317, 729 EUR,paid
north-00318, 766 EUR,paid
north-00319, 803 EUR,paid
north-00320, 840 EUR,paid
north-00321, 877 EUR,paid
north-00322, 914 EUR,refunded
north-00323, 951 EUR,paid
north-00324, 988 EUR,paid
north-00325,  25 EUR,paid
north-00326,  62 EUR,paid
north-00327,  99 EUR,paid
north-00328, 136 EUR,paid
north-00329, 173 EUR,refunded
north-00330, 210 EUR,paid
north-00331, 247 EUR,paid
north-00332, 284 EUR,paid
north-00333, 321 EUR,paid
north-00334, 358 EUR,paid
north-00335, 395 EUR,paid
north-00336, 432 EUR,refunded
north-00337, 469 EUR,paid
north-00338, 506 EUR,paid
north-00339, 543 EUR,paid
north-00340, 580 EUR,paid
north-00341, 617 EUR,paid
north-00342, 654 EUR,paid
north-00343, 691 EUR,refunded
north-00344, 728 EUR,paid
north-00345, 765 EUR,paid
north-00346, 802 EUR,paid
north-00347, 839 EUR,paid
north-00348, 876 EUR,paid
north-00349, 913 EUR,paid
north-00350, 950 EUR,refunded
north-00351, 987 EUR,paid
north-00352,  24 EUR,paid
north-00353,  61 EUR,paid
north-00354,  98 EUR,paid
north-00355, 135 EUR,paid
north-00356, 172 EUR,paid
north-00357, 209 EUR,refunded
north-00358, 246 EUR,paid
north-00359, 283 EUR,paid
north-00360, 320 EUR,paid
north-00361, 357 EUR,paid
north-00362, 394 EUR,paid
north-00363, 431 EUR,paid
north-00364, 468 EUR,refunded
north-00365, 505 EUR,paid
north-00366, 542 EUR,paid
north-00367, 579 EUR,paid
north-00368, 616 EUR,paid
north-00369, 653 EUR,paid
north-00370, 690 EUR,paid
north-00371, 727 EUR,refunded
north-00372, 764 EUR,paid
north-00373, 801 EUR,paid
north-00374, 838 EUR,paid
north-00375, 875 EUR,paid
north-00376, 912 EUR,paid
north-00377, 949 EUR,paid
north-00378, 986 EUR,refunded
north-00379,  23 EUR,paid
north-00380,  60 EUR,paid
north-00381,  97 EUR,paid
north-00382, 134 EUR,paid
north-00383, 171 EUR,paid
north-00384, 208 EUR,paid
north-00385, 245 EUR,refunded
north-00386, 282 EUR,paid
north-00387, 319 EUR,paid
north-00388, 356 EUR,paid
north-00389, 393 EUR,paid
north-00390, 430 EUR,paid
north-00391, 467 EUR,paid
north-00392, 504 EUR,refunded
north-00393, 541 EUR,paid
north-00394, 578 EUR,paid
north-00395, 615 EUR,paid
north-00396, 652 EUR,paid
north-00397, 689 EUR,paid
north-00398, 726 EUR,paid
north-00399, 763 EUR,refunded', 10631, 1, 1770109200, 1770109200, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'results/run-31-011/res_7bd41c38f2.json', '{"warehouse": "W1", "items": [{"sku": "SKU-0000", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0001", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0002", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0003", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0004", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0005", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0006", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0007", "qty": 91, "warehouse": "W1"}, {"sku": "SKU-0008", "qty": 7, "warehouse": "W1"}, {"sku": "SKU-0009", "qty": 20, "warehouse": "W1"}, {"sku": "SKU-0010", "qty": 33, "warehouse": "W1"}, {"sku": "SKU-0011", "qty": 46, "warehouse": "W1"}, {"sku": "SKU-0012", "qty": 59, "warehouse": "W1"}, {"sku": "SKU-0013", "qty": 72, "warehouse": "W1"}, {"sku": "SKU-0014", "qty": 85, "warehouse": "W1"}, {"sku": "SKU-0015", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0016", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0017", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0018", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0019", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0020", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0021", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0022", "qty": 92, "warehouse": "W1"}, {"sku": "SKU-0023", "qty": 8, "warehouse": "W1"}, {"sku": "SKU-0024", "qty": 21, "warehouse": "W1"}, {"sku": "SKU-0025", "qty": 34, "warehouse": "W1"}, {"sku": "SKU-0026", "qty": 47, "warehouse": "W1"}, {"sku": "SKU-0027", "qty": 60, "warehouse": "W1"}, {"sku": "SKU-0028", "qty": 73, "warehouse": "W1"}, {"sku": "SKU-0029", "qty": 86, "warehouse": "W1"}, {"sku": "SKU-0030", "qty": 2, "warehouse": "W1"}, {"sku": "SKU-0031", "qty": 15, "warehouse": "W1"}, {"sku": "SKU-0032", "qty": 28, "warehouse": "W1"}, {"sku": "SKU-0033", "qty": 41, "warehouse": "W1"}, {"sku": "SKU-0034", "qty": 54, "warehouse": "W1"}, {"sku": "SKU-0035", "qty": 67, "warehouse": "W1"}, {"sku": "SKU-0036", "qty": 80, "warehouse": "W1"}, {"sku": "SKU-0037", "qty": 93, "warehouse": "W1"}, {"sku": "SKU-0038", "qty": 9, "warehouse": "W1"}, {"sku": "SKU-0039", "qty": 22, "warehouse": "W1"}, {"sku": "SKU-0040", "qty": 35, "warehouse": "W1"}, {"sku": "SKU-0041", "qty": 48, "warehouse": "W1"}, {"sku": "SKU-0042", "qty": 61, "warehouse": "W1"}, {"sku": "SKU-0043", "qty": 74, "warehouse": "W1"}, {"sku": "SKU-0044", "qty": 87, "warehouse": "W1"}, {"sku": "SKU-0045", "qty": 3, "warehouse": "W1"}, {"sku": "SKU-0046", "qty": 16, "warehouse": "W1"}, {"sku": "SKU-0047", "qty": 29, "warehouse": "W1"}, {"sku": "SKU-0048", "qty": 42, "warehouse": "W1"}, {"sku": "SKU-0049", "qty": 55, "warehouse": "W1"}, {"sku": "SKU-0050", "qty": 68, "warehouse": "W1"}, {"sku": "SKU-0051", "qty": 81, "warehouse": "W1"}, {"sku": "SKU-0052", "qty": 94, "warehouse": "W1"}, {"sku": "SKU-0053", "qty": 10, "warehouse": "W1"}, {"sku": "SKU-0054", "qty": 23, "warehouse": "W1"}, {"sku": "SKU-0055", "qty": 36, "warehouse": "W1"}, {"sku": "SKU-0056", "qty": 49, "warehouse": "W1"}, {"sku": "SKU-0057", "qty": 62, "warehouse": "W1"}, {"sku": "SKU-0058", "qty": 75, "warehouse": "W1"}, {"sku": "SKU-0059", "qty": 88, "warehouse": "W1"}, {"sku": "SKU-0060", "qty": 4, "warehouse": "W1"}, {"sku": "SKU-0061", "qty": 17, "warehouse": "W1"}, {"sku": "SKU-0062", "qty": 30, "warehouse": "W1"}, {"sku": "SKU-0063", "qty": 43, "warehouse": "W1"}, {"sku": "SKU-0064", "qty": 56, "warehouse": "W1"}, {"sku": "SKU-0065", "qty": 69, "warehouse": "W1"}, {"sku": "SKU-0066", "qty": 82, "warehouse": "W1"}, {"sku": "SKU-0067", "qty": 95, "warehouse": "W1"}, {"sku": "SKU-0068", "qty": 11, "warehouse": "W1"}, {"sku": "SKU-0069", "qty": 24, "warehouse": "W1"}, {"sku": "SKU-0070", "qty": 37, "warehouse": "W1"}, {"sku": "SKU-0071", "qty": 50, "warehouse": "W1"}, {"sku": "SKU-0072", "qty": 63, "warehouse": "W1"}, {"sku": "SKU-0073", "qty": 76, "warehouse": "W1"}, {"sku": "SKU-0074", "qty": 89, "warehouse": "W1"}, {"sku": "SKU-0075", "qty": 5, "warehouse": "W1"}, {"sku": "SKU-0076", "qty": 18, "warehouse": "W1"}, {"sku": "SKU-0077", "qty": 31, "warehouse": "W1"}, {"sku": "SKU-0078", "qty": 44, "warehouse": "W1"}, {"sku": "SKU-0079", "qty": 57, "warehouse": "W1"}, {"sku": "SKU-0080", "qty": 70, "warehouse": "W1"}, {"sku": "SKU-0081", "qty": 83, "warehouse": "W1"}, {"sku": "SKU-0082", "qty": 96, "warehouse": "W1"}, {"sku": "SKU-0083", "qty": 12, "warehouse": "W1"}, {"sku": "SKU-0084", "qty": 25, "warehouse": "W1"}, {"sku": "SKU-0085", "qty": 38, "warehouse": "W1"}, {"sku": "SKU-0086", "qty": 51, "warehouse": "W1"}, {"sku": "SKU-0087", "qty": 64, "warehouse": "W1"}, {"sku": "SKU-0088", "qty": 77, "warehouse": "W1"}, {"sku": "SKU-0089", "qty": 90, "warehouse": "W1"}, {"sku": "SKU-0090", "qty": 6, "warehouse": "W1"}, {"sku": "SKU-0091", "qty": 19, "warehouse": "W1"}, {"sku": "SKU-0092", "qty": 32, "warehouse": "W1"}, {"sku": "SKU-0093", "qty": 45, "warehouse": "W1"}, {"sku": "SKU-0094", "qty": 58, "warehouse": "W1"}, {"sku": "SKU-0095", "qty": 71, "warehouse": "W1"}, {"sku": "SKU-0096", "qty": 84, "warehouse": "W1"}, {"sku": "SKU-0097", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0098", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0099", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0100", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0101", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0102", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0103", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0104", "qty": 91, "warehouse": "W1"}, {"sku": "SKU-0105", "qty": 7, "warehouse": "W1"}, {"sku": "SKU-0106", "qty": 20, "warehouse": "W1"}, {"sku": "SKU-0107", "qty": 33, "warehouse": "W1"}, {"sku": "SKU-0108", "qty": 46, "warehouse": "W1"}, {"sku": "SKU-0109", "qty": 59, "warehouse": "W1"}, {"sku": "SKU-0110", "qty": 72, "warehouse": "W1"}, {"sku": "SKU-0111", "qty": 85, "warehouse": "W1"}, {"sku": "SKU-0112", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0113", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0114", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0115", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0116", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0117", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0118", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0119", "qty": 92, "warehouse": "W1"}]}', 6137, 1, 1770110100, 1770110100, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-00000000000c-faf32b30', 'shared/a86712c1-0864-4daa-97ae-d406fe834565/res_5955766cbb.txt', 'south-00000,   0 EUR,refunded
south-00001,  37 EUR,paid
south-00002,  74 EUR,paid
south-00003, 111 EUR,paid
south-00004, 148 EUR,paid
south-00005, 185 EUR,paid
south-00006, 222 EUR,paid
south-00007, 259 EUR,refunded
south-00008, 296 EUR,paid
south-00009, 333 EUR,paid
south-00010, 370 EUR,paid
south-00011, 407 EUR,paid
south-00012, 444 EUR,paid
south-00013, 481 EUR,paid
south-00014, 518 EUR,refunded
south-00015, 555 EUR,paid
south-00016, 592 EUR,paid
south-00017, 629 EUR,paid
south-00018, 666 EUR,paid
south-00019, 703 EUR,paid
south-00020, 740 EUR,paid
south-00021, 777 EUR,refunded
south-00022, 814 EUR,paid
south-00023, 851 EUR,paid
south-00024, 888 EUR,paid
south-00025, 925 EUR,paid
south-00026, 962 EUR,paid
south-00027, 999 EUR,paid
south-00028,  36 EUR,refunded
south-00029,  73 EUR,paid
south-00030, 110 EUR,paid
south-00031, 147 EUR,paid
south-00032, 184 EUR,paid
south-00033, 221 EUR,paid
south-00034, 258 EUR,paid
south-00035, 295 EUR,refunded
south-00036, 332 EUR,paid
south-00037, 369 EUR,paid
south-00038, 406 EUR,paid
south-00039, 443 EUR,paid
south-00040, 480 EUR,paid
south-00041, 517 EUR,paid
south-00042, 554 EUR,refunded
south-00043, 591 EUR,paid
south-00044, 628 EUR,paid
south-00045, 665 EUR,paid
south-00046, 702 EUR,paid
south-00047, 739 EUR,paid
south-00048, 776 EUR,paid
south-00049, 813 EUR,refunded
south-00050, 850 EUR,paid
south-00051, 887 EUR,paid
south-00052, 924 EUR,paid
south-00053, 961 EUR,paid
south-00054, 998 EUR,paid
south-00055,  35 EUR,paid
south-00056,  72 EUR,refunded
south-00057, 109 EUR,paid
south-00058, 146 EUR,paid
south-00059, 183 EUR,paid
south-00060, 220 EUR,paid
south-00061, 257 EUR,paid
south-00062, 294 EUR,paid
south-00063, 331 EUR,refunded
south-00064, 368 EUR,paid
south-00065, 405 EUR,paid
south-00066, 442 EUR,paid
south-00067, 479 EUR,paid
south-00068, 516 EUR,paid
south-00069, 553 EUR,paid
south-00070, 590 EUR,refunded
south-00071, 627 EUR,paid
south-00072, 664 EUR,paid
south-00073, 701 EUR,paid
south-00074, 738 EUR,paid
south-00075, 775 EUR,paid
south-00076, 812 EUR,paid
south-00077, 849 EUR,refunded
south-00078, 886 EUR,paid
south-00079, 923 EUR,paid
south-00080, 960 EUR,paid
south-00081, 997 EUR,paid
south-00082,  34 EUR,paid
south-00083,  71 EUR,paid
south-00084, 108 EUR,refunded
south-00085, 145 EUR,paid
south-00086, 182 EUR,paid
south-00087, 219 EUR,paid
south-00088, 256 EUR,paid
south-00089, 293 EUR,paid
south-00090, 330 EUR,paid
south-00091, 367 EUR,refunded
south-00092, 404 EUR,paid
south-00093, 441 EUR,paid
south-00094, 478 EUR,paid
south-00095, 515 EUR,paid
south-00096, 552 EUR,paid
south-00097, 589 EUR,paid
south-00098, 626 EUR,refunded
south-00099, 663 EUR,paid
south-00100, 700 EUR,paid
south-00101, 737 EUR,paid
south-00102, 774 EUR,paid
south-00103, 811 EUR,paid
south-00104, 848 EUR,paid
south-00105, 885 EUR,refunded
south-00106, 922 EUR,paid
south-00107, 959 EUR,paid
south-00108, 996 EUR,paid
south-00109,  33 EUR,paid
south-00110,  70 EUR,paid
south-00111, 107 EUR,paid
south-00112, 144 EUR,refunded
south-00113, 181 EUR,paid
south-00114, 218 EUR,paid
south-00115, 255 EUR,paid
south-00116, 292 EUR,paid
south-00117, 329 EUR,paid
south-00118, 366 EUR,paid
south-00119, 403 EUR,refunded
south-00120, 440 EUR,paid
south-00121, 477 EUR,paid
south-00122, 514 EUR,paid
south-00123, 551 EUR,paid
south-00124, 588 EUR,paid
south-00125, 625 EUR,paid
south-00126, 662 EUR,refunded
south-00127, 699 EUR,paid
south-00128, 736 EUR,paid
south-00129, 773 EUR,paid
south-00130, 810 EUR,paid
south-00131, 847 EUR,paid
south-00132, 884 EUR,paid
south-00133, 921 EUR,refunded
south-00134, 958 EUR,paid
south-00135, 995 EUR,paid
south-00136,  32 EUR,paid
south-00137,  69 EUR,paid
south-00138, 106 EUR,paid
south-00139, 143 EUR,paid
south-00140, 180 EUR,refunded
south-00141, 217 EUR,paid
south-00142, 254 EUR,paid
south-00143, 291 EUR,paid
south-00144, 328 EUR,paid
south-00145, 365 EUR,paid
south-00146, 402 EUR,paid
south-00147, 439 EUR,refunded
south-00148, 476 EUR,paid
south-00149, 513 EUR,paid
south-00150, 550 EUR,paid
south-00151, 587 EUR,paid
south-00152, 624 EUR,paid
south-00153, 661 EUR,paid
south-00154, 698 EUR,refunded
south-00155, 735 EUR,paid
south-00156, 772 EUR,paid
south-00157, 809 EUR,paid
south-00158, 846 EUR,paid
south-00159, 883 EUR,paid
south-00160, 920 EUR,paid
south-00161, 957 EUR,refunded
south-00162, 994 EUR,paid
south-00163,  31 EUR,paid
south-00164,  68 EUR,paid
south-00165, 105 EUR,paid
south-00166, 142 EUR,paid
south-00167, 179 EUR,paid
south-00168, 216 EUR,refunded
south-00169, 253 EUR,paid
south-00170, 290 EUR,paid
south-00171, 327 EUR,paid
south-00172, 364 EUR,paid
south-00173, 401 EUR,paid
south-00174, 438 EUR,paid
south-00175, 475 EUR,refunded
south-00176, 512 EUR,paid
south-00177, 549 EUR,paid
south-00178, 586 EUR,paid
south-00179, 623 EUR,paid
south-00180, 660 EUR,paid
south-00181, 697 EUR,paid
south-00182, 734 EUR,refunded
south-00183, 771 EUR,paid
south-00184, 808 EUR,paid
south-00185, 845 EUR,paid
south-00186, 882 EUR,paid
south-00187, 919 EUR,paid
south-00188, 956 EUR,paid
south-00189, 993 EUR,refunded
south-00190,  30 EUR,paid
south-00191,  67 EUR,paid
south-00192, 104 EUR,paid
south-00193, 141 EUR,paid
south-00194, 178 EUR,paid
south-00195, 215 EUR,paid
south-00196, 252 EUR,refunded
south-00197, 289 EUR,paid
south-00198, 326 EUR,paid
south-00199, 363 EUR,paid', 5315, 1, 1770800400, 1770800400, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'notes/unindexed.txt', 'written beside the offloaded results, not indexed', 49, 1, 1770973200, 1770973200, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-b47c5241', 'results/run-31-010/res_e5e031c2b5.txt', 'bob''s own copy at an indexed path', 33, 1, 1770973200, 1770973200, 'bob');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'results/run-31-010/res_e5e031c2b5.txt', 'north-00000,   0 EUR,refunded
north-00001,  37 EUR,paid
north-00002,  74 EUR,paid
north-00003, 111 EUR,paid
north-00004, 148 EUR,paid
north-00005, 185 EUR,paid
north-00006, 222 EUR,paid
north-00007, 259 EUR,refunded
north-00008, 296 EUR,paid
north-00009, 333 EUR,paid
north-00010, 370 EUR,paid
north-00011, 407 EUR,paid
north-00012, 444 EUR,paid
north-00013, 481 EUR,paid
north-00014, 518 EUR,refunded
north-00015, 555 EUR,paid
north-00016, 592 EUR,paid
north-00017, 629 EUR,paid
north-00018, 666 EUR,paid
north-00019, 703 EUR,paid
north-00020, 740 EUR,paid
north-00021, 777 EUR,refunded
north-00022, 814 EUR,paid
north-00023, 851 EUR,paid
north-00024, 888 EUR,paid
north-00025, 925 EUR,paid
north-00026, 962 EUR,paid
north-00027, 999 EUR,paid
north-00028,  36 EUR,refunded
north-00029,  73 EUR,paid
north-00030, 110 EUR,paid
north-00031, 147 EUR,paid
north-00032, 184 EUR,paid
north-00033, 221 EUR,paid
north-00034, 258 EUR,paid
north-00035, 295 EUR,refunded
north-00036, 332 EUR,paid
north-00037, 369 EUR,paid
north-00038, 406 EUR,paid
north-00039, 443 EUR,paid
north-00040, 480 EUR,paid
north-00041, 517 EUR,paid
north-00042, 554 EUR,refunded
north-00043, 591 EUR,paid
north-00044, 628 EUR,paid
north-00045, 665 EUR,paid
north-00046, 702 EUR,paid
north-00047, 739 EUR,paid
north-00048, 776 EUR,paid
north-00049, 813 EUR,refunded
north-00050, 850 EUR,paid
north-00051, 887 EUR,paid
north-00052, 924 EUR,paid
north-00053, 961 EUR,paid
north-00054, 998 EUR,paid
north-00055,  35 EUR,paid
north-00056,  72 EUR,refunded
north-00057, 109 EUR,paid
north-00058, 146 EUR,paid
north-00059, 183 EUR,paid
north-00060, 220 EUR,paid
north-00061, 257 EUR,paid
north-00062, 294 EUR,paid
north-00063, 331 EUR,refunded
north-00064, 368 EUR,paid
north-00065, 405 EUR,paid
north-00066, 442 EUR,paid
north-00067, 479 EUR,paid
north-00068, 516 EUR,paid
north-00069, 553 EUR,paid
north-00070, 590 EUR,refunded
north-00071, 627 EUR,paid
north-00072, 664 EUR,paid
north-00073, 701 EUR,paid
north-00074, 738 EUR,paid
north-00075, 775 EUR,paid
north-00076, 812 EUR,paid
north-00077, 849 EUR,refunded
north-00078, 886 EUR,paid
north-00079, 923 EUR,paid
north-00080, 960 EUR,paid
north-00081, 997 EUR,paid
north-00082,  34 EUR,paid
north-00083,  71 EUR,paid
north-00084, 108 EUR,refunded
north-00085, 145 EUR,paid
north-00086, 182 EUR,paid
north-00087, 219 EUR,paid
north-00088, 256 EUR,paid
north-00089, 293 EUR,paid
north-00090, 330 EUR,paid
north-00091, 367 EUR,refunded
north-00092, 404 EUR,paid
north-00093, 441 EUR,paid
north-00094, 478 EUR,paid
north-00095, 515 EUR,paid
north-00096, 552 EUR,paid
north-00097, 589 EUR,paid
north-00098, 626 EUR,refunded
north-00099, 663 EUR,paid
north-00100, 700 EUR,paid
north-00101, 737 EUR,paid
north-00102, 774 EUR,paid
north-00103, 811 EUR,paid
north-00104, 848 EUR,paid
north-00105, 885 EUR,refunded
north-00106, 922 EUR,paid
north-00107, 959 EUR,paid
north-00108, 996 EUR,paid
north-00109,  33 EUR,paid
north-00110,  70 EUR,paid
north-00111, 107 EUR,paid
north-00112, 144 EUR,refunded
north-00113, 181 EUR,paid
north-00114, 218 EUR,paid
north-00115, 255 EUR,paid
north-00116, 292 EUR,paid
north-00117, 329 EUR,paid
north-00118, 366 EUR,paid
north-00119, 403 EUR,refunded
north-00120, 440 EUR,paid
north-00121, 477 EUR,paid
north-00122, 514 EUR,paid
north-00123, 551 EUR,paid
north-00124, 588 EUR,paid
north-00125, 625 EUR,paid
north-00126, 662 EUR,refunded
north-00127, 699 EUR,paid
north-00128, 736 EUR,paid
north-00129, 773 EUR,paid
north-00130, 810 EUR,paid
north-00131, 847 EUR,paid
north-00132, 884 EUR,paid
north-00133, 921 EUR,refunded
north-00134, 958 EUR,paid
north-00135, 995 EUR,paid
north-00136,  32 EUR,paid
north-00137,  69 EUR,paid
north-00138, 106 EUR,paid
north-00139, 143 EUR,paid
north-00140, 180 EUR,refunded
north-00141, 217 EUR,paid
north-00142, 254 EUR,paid
north-00143, 291 EUR,paid
north-00144, 328 EUR,paid
north-00145, 365 EUR,paid
north-00146, 402 EUR,paid
north-00147, 439 EUR,refunded
north-00148, 476 EUR,paid
north-00149, 513 EUR,paid
north-00150, 550 EUR,paid
north-00151, 587 EUR,paid
north-00152, 624 EUR,paid
north-00153, 661 EUR,paid
north-00154, 698 EUR,refunded
north-00155, 735 EUR,paid
north-00156, 772 EUR,paid
north-00157, 809 EUR,paid
north-00158, 846 EUR,paid
north-00159, 883 EUR,paid
north-00160, 920 EUR,paid
north-00161, 957 EUR,refunded
north-00162, 994 EUR,paid
north-00163,  31 EUR,paid
north-00164,  68 EUR,paid
north-00165, 105 EUR,paid
north-00166, 142 EUR,paid
north-00167, 179 EUR,paid
north-00168, 216 EUR,refunded
north-00169, 253 EUR,paid
north-00170, 290 EUR,paid
north-00171, 327 EUR,paid
north-00172, 364 EUR,paid
north-00173, 401 EUR,paid
north-00174, 438 EUR,paid
north-00175, 475 EUR,refunded
north-00176, 512 EUR,paid
north-00177, 549 EUR,paid
north-00178, 586 EUR,paid
north-00179, 623 EUR,paid
north-00180, 660 EUR,paid
north-00181, 697 EUR,paid
north-00182, 734 EUR,refunded
north-00183, 771 EUR,paid
north-00184, 808 EUR,paid
north-00185, 845 EUR,paid
north-00186, 882 EUR,paid
north-00187, 919 EUR,paid
north-00188, 956 EUR,paid
north-00189, 993 EUR,refunded
north-00190,  30 EUR,paid
north-00191,  67 EUR,paid
north-00192, 104 EUR,paid
north-00193, 141 EUR,paid
north-00194, 178 EUR,paid
north-00195, 215 EUR,paid
north-00196, 252 EUR,refunded
north-00197, 289 EUR,paid
north-00198, 326 EUR,paid
north-00199, 363 EUR,paid
north-00200, 400 EUR,paid
north-00201, 437 EUR,paid
north-00202, 474 EUR,paid
north-00203, 511 EUR,refunded
north-00204, 548 EUR,paid
north-00205, 585 EUR,paid
north-00206, 622 EUR,paid
north-00207, 659 EUR,paid
north-00208, 696 EUR,paid
north-00209, 733 EUR,paid
north-00210, 770 EUR,refunded
north-00211, 807 EUR,paid
north-00212, 844 EUR,paid
north-00213, 881 EUR,paid
north-00214, 918 EUR,paid
north-00215, 955 EUR,paid
north-00216, 992 EUR,paid
north-00217,  29 EUR,refunded
north-00218,  66 EUR,paid
north-00219, 103 EUR,paid
north-00220, 140 EUR,paid
north-00221, 177 EUR,paid
north-00222, 214 EUR,paid
north-00223, 251 EUR,paid
north-00224, 288 EUR,refunded
north-00225, 325 EUR,paid
north-00226, 362 EUR,paid
north-00227, 399 EUR,paid
north-00228, 436 EUR,paid
north-00229, 473 EUR,paid
north-00230, 510 EUR,paid
north-00231, 547 EUR,refunded
north-00232, 584 EUR,paid
north-00233, 621 EUR,paid
north-00234, 658 EUR,paid
north-00235, 695 EUR,paid
north-00236, 732 EUR,paid
north-00237, 769 EUR,paid
north-00238, 806 EUR,refunded
north-00239, 843 EUR,paid
north-00240, 880 EUR,paid
north-00241, 917 EUR,paid
north-00242, 954 EUR,paid
north-00243, 991 EUR,paid
north-00244,  28 EUR,paid
north-00245,  65 EUR,refunded
north-00246, 102 EUR,paid
north-00247, 139 EUR,paid
north-00248, 176 EUR,paid
north-00249, 213 EUR,paid
north-00250, 250 EUR,paid
north-00251, 287 EUR,paid
north-00252, 324 EUR,refunded
north-00253, 361 EUR,paid
north-00254, 398 EUR,paid
north-00255, 435 EUR,paid
north-00256, 472 EUR,paid
north-00257, 509 EUR,paid
north-00258, 546 EUR,paid
north-00259, 583 EUR,refunded
north-00260, 620 EUR,paid
north-00261, 657 EUR,paid
north-00262, 694 EUR,paid
north-00263, 731 EUR,paid
north-00264, 768 EUR,paid
north-00265, 805 EUR,paid
north-00266, 842 EUR,refunded
north-00267, 879 EUR,paid
north-00268, 916 EUR,paid
north-00269, 953 EUR,paid
north-00270, 990 EUR,paid
north-00271,  27 EUR,paid
north-00272,  64 EUR,paid
north-00273, 101 EUR,refunded
north-00274, 138 EUR,paid
north-00275, 175 EUR,paid
north-00276, 212 EUR,paid
north-00277, 249 EUR,paid
north-00278, 286 EUR,paid
north-00279, 323 EUR,paid
north-00280, 360 EUR,refunded
north-00281, 397 EUR,paid
north-00282, 434 EUR,paid
north-00283, 471 EUR,paid
north-00284, 508 EUR,paid
north-00285, 545 EUR,paid
north-00286, 582 EUR,paid
north-00287, 619 EUR,refunded
north-00288, 656 EUR,paid
north-00289, 693 EUR,paid
north-00290, 730 EUR,paid
north-00291, 767 EUR,paid
north-00292, 804 EUR,paid
north-00293, 841 EUR,paid
north-00294, 878 EUR,refunded
north-00295, 915 EUR,paid
north-00296, 952 EUR,paid
north-00297, 989 EUR,paid
north-00298,  26 EUR,paid
north-00299,  63 EUR,paid
north-00300, 100 EUR,paid
north-00301, 137 EUR,refunded
north-00302, 174 EUR,paid
north-00303, 211 EUR,paid
north-00304, 248 EUR,paid
north-00305, 285 EUR,paid
north-00306, 322 EUR,paid
north-00307, 359 EUR,paid
north-00308, 396 EUR,refunded
north-00309, 433 EUR,paid
north-00310, 470 EUR,paid
north-00311, 507 EUR,paid
north-00312, 544 EUR,paid
north-00313, 581 EUR,paid
north-00314, 618 EUR,paid
north-00315, 655 EUR,refunded
north-00316, 692 EUR,paid
north-00317, 729 EUR,paid
north-00318, 766 EUR,paid
north-00319, 803 EUR,paid
north-00320, 840 EUR,paid
north-00321, 877 EUR,paid
north-00322, 914 EUR,refunded
north-00323, 951 EUR,paid
north-00324, 988 EUR,paid
north-00325,  25 EUR,paid
north-00326,  62 EUR,paid
north-00327,  99 EUR,paid
north-00328, 136 EUR,paid
north-00329, 173 EUR,refunded
north-00330, 210 EUR,paid
north-00331, 247 EUR,paid
north-00332, 284 EUR,paid
north-00333, 321 EUR,paid
north-00334, 358 EUR,paid
north-00335, 395 EUR,paid
north-00336, 432 EUR,refunded
north-00337, 469 EUR,paid
north-00338, 506 EUR,paid
north-00339, 543 EUR,paid
north-00340, 580 EUR,paid
north-00341, 617 EUR,paid
north-00342, 654 EUR,paid
north-00343, 691 EUR,refunded
north-00344, 728 EUR,paid
north-00345, 765 EUR,paid
north-00346, 802 EUR,paid
north-00347, 839 EUR,paid
north-00348, 876 EUR,paid
north-00349, 913 EUR,paid
north-00350, 950 EUR,refunded
north-00351, 987 EUR,paid
north-00352,  24 EUR,paid
north-00353,  61 EUR,paid
north-00354,  98 EUR,paid
north-00355, 135 EUR,paid
north-00356, 172 EUR,paid
north-00357, 209 EUR,refunded
north-00358, 246 EUR,paid
north-00359, 283 EUR,paid
north-00360, 320 EUR,paid
north-00361, 357 EUR,paid
north-00362, 394 EUR,paid
north-00363, 431 EUR,paid
north-00364, 468 EUR,refunded
north-00365, 505 EUR,paid
north-00366, 542 EUR,paid
north-00367, 579 EUR,paid
north-00368, 616 EUR,paid
north-00369, 653 EUR,paid
north-00370, 690 EUR,paid
north-00371, 727 EUR,refunded
north-00372, 764 EUR,paid
north-00373, 801 EUR,paid
north-00374, 838 EUR,paid
north-00375, 875 EUR,paid
north-00376, 912 EUR,paid
north-00377, 949 EUR,paid
north-00378, 986 EUR,refunded
north-00379,  23 EUR,paid
north-00380,  60 EUR,paid
north-00381,  97 EUR,paid
north-00382, 134 EUR,paid
north-00383, 171 EUR,paid
north-00384, 208 EUR,paid
north-00385, 245 EUR,refunded
north-00386, 282 EUR,paid
north-00387, 319 EUR,paid
north-00388, 356 EUR,paid
north-00389, 393 EUR,paid
north-00390, 430 EUR,paid
north-00391, 467 EUR,paid
north-00392, 504 EUR,refunded
north-00393, 541 EUR,paid
north-00394, 578 EUR,paid
north-00395, 615 EUR,paid
north-00396, 652 EUR,paid
north-00397, 689 EUR,paid
north-00398, 726 EUR,paid
north-00399, 763 EUR,refunded', 10631, 1, 1770109200, 1770109200, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'results/run-31-011/res_7bd41c38f2.json', '{"warehouse": "W1", "items": [{"sku": "SKU-0000", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0001", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0002", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0003", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0004", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0005", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0006", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0007", "qty": 91, "warehouse": "W1"}, {"sku": "SKU-0008", "qty": 7, "warehouse": "W1"}, {"sku": "SKU-0009", "qty": 20, "warehouse": "W1"}, {"sku": "SKU-0010", "qty": 33, "warehouse": "W1"}, {"sku": "SKU-0011", "qty": 46, "warehouse": "W1"}, {"sku": "SKU-0012", "qty": 59, "warehouse": "W1"}, {"sku": "SKU-0013", "qty": 72, "warehouse": "W1"}, {"sku": "SKU-0014", "qty": 85, "warehouse": "W1"}, {"sku": "SKU-0015", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0016", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0017", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0018", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0019", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0020", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0021", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0022", "qty": 92, "warehouse": "W1"}, {"sku": "SKU-0023", "qty": 8, "warehouse": "W1"}, {"sku": "SKU-0024", "qty": 21, "warehouse": "W1"}, {"sku": "SKU-0025", "qty": 34, "warehouse": "W1"}, {"sku": "SKU-0026", "qty": 47, "warehouse": "W1"}, {"sku": "SKU-0027", "qty": 60, "warehouse": "W1"}, {"sku": "SKU-0028", "qty": 73, "warehouse": "W1"}, {"sku": "SKU-0029", "qty": 86, "warehouse": "W1"}, {"sku": "SKU-0030", "qty": 2, "warehouse": "W1"}, {"sku": "SKU-0031", "qty": 15, "warehouse": "W1"}, {"sku": "SKU-0032", "qty": 28, "warehouse": "W1"}, {"sku": "SKU-0033", "qty": 41, "warehouse": "W1"}, {"sku": "SKU-0034", "qty": 54, "warehouse": "W1"}, {"sku": "SKU-0035", "qty": 67, "warehouse": "W1"}, {"sku": "SKU-0036", "qty": 80, "warehouse": "W1"}, {"sku": "SKU-0037", "qty": 93, "warehouse": "W1"}, {"sku": "SKU-0038", "qty": 9, "warehouse": "W1"}, {"sku": "SKU-0039", "qty": 22, "warehouse": "W1"}, {"sku": "SKU-0040", "qty": 35, "warehouse": "W1"}, {"sku": "SKU-0041", "qty": 48, "warehouse": "W1"}, {"sku": "SKU-0042", "qty": 61, "warehouse": "W1"}, {"sku": "SKU-0043", "qty": 74, "warehouse": "W1"}, {"sku": "SKU-0044", "qty": 87, "warehouse": "W1"}, {"sku": "SKU-0045", "qty": 3, "warehouse": "W1"}, {"sku": "SKU-0046", "qty": 16, "warehouse": "W1"}, {"sku": "SKU-0047", "qty": 29, "warehouse": "W1"}, {"sku": "SKU-0048", "qty": 42, "warehouse": "W1"}, {"sku": "SKU-0049", "qty": 55, "warehouse": "W1"}, {"sku": "SKU-0050", "qty": 68, "warehouse": "W1"}, {"sku": "SKU-0051", "qty": 81, "warehouse": "W1"}, {"sku": "SKU-0052", "qty": 94, "warehouse": "W1"}, {"sku": "SKU-0053", "qty": 10, "warehouse": "W1"}, {"sku": "SKU-0054", "qty": 23, "warehouse": "W1"}, {"sku": "SKU-0055", "qty": 36, "warehouse": "W1"}, {"sku": "SKU-0056", "qty": 49, "warehouse": "W1"}, {"sku": "SKU-0057", "qty": 62, "warehouse": "W1"}, {"sku": "SKU-0058", "qty": 75, "warehouse": "W1"}, {"sku": "SKU-0059", "qty": 88, "warehouse": "W1"}, {"sku": "SKU-0060", "qty": 4, "warehouse": "W1"}, {"sku": "SKU-0061", "qty": 17, "warehouse": "W1"}, {"sku": "SKU-0062", "qty": 30, "warehouse": "W1"}, {"sku": "SKU-0063", "qty": 43, "warehouse": "W1"}, {"sku": "SKU-0064", "qty": 56, "warehouse": "W1"}, {"sku": "SKU-0065", "qty": 69, "warehouse": "W1"}, {"sku": "SKU-0066", "qty": 82, "warehouse": "W1"}, {"sku": "SKU-0067", "qty": 95, "warehouse": "W1"}, {"sku": "SKU-0068", "qty": 11, "warehouse": "W1"}, {"sku": "SKU-0069", "qty": 24, "warehouse": "W1"}, {"sku": "SKU-0070", "qty": 37, "warehouse": "W1"}, {"sku": "SKU-0071", "qty": 50, "warehouse": "W1"}, {"sku": "SKU-0072", "qty": 63, "warehouse": "W1"}, {"sku": "SKU-0073", "qty": 76, "warehouse": "W1"}, {"sku": "SKU-0074", "qty": 89, "warehouse": "W1"}, {"sku": "SKU-0075", "qty": 5, "warehouse": "W1"}, {"sku": "SKU-0076", "qty": 18, "warehouse": "W1"}, {"sku": "SKU-0077", "qty": 31, "warehouse": "W1"}, {"sku": "SKU-0078", "qty": 44, "warehouse": "W1"}, {"sku": "SKU-0079", "qty": 57, "warehouse": "W1"}, {"sku": "SKU-0080", "qty": 70, "warehouse": "W1"}, {"sku": "SKU-0081", "qty": 83, "warehouse": "W1"}, {"sku": "SKU-0082", "qty": 96, "warehouse": "W1"}, {"sku": "SKU-0083", "qty": 12, "warehouse": "W1"}, {"sku": "SKU-0084", "qty": 25, "warehouse": "W1"}, {"sku": "SKU-0085", "qty": 38, "warehouse": "W1"}, {"sku": "SKU-0086", "qty": 51, "warehouse": "W1"}, {"sku": "SKU-0087", "qty": 64, "warehouse": "W1"}, {"sku": "SKU-0088", "qty": 77, "warehouse": "W1"}, {"sku": "SKU-0089", "qty": 90, "warehouse": "W1"}, {"sku": "SKU-0090", "qty": 6, "warehouse": "W1"}, {"sku": "SKU-0091", "qty": 19, "warehouse": "W1"}, {"sku": "SKU-0092", "qty": 32, "warehouse": "W1"}, {"sku": "SKU-0093", "qty": 45, "warehouse": "W1"}, {"sku": "SKU-0094", "qty": 58, "warehouse": "W1"}, {"sku": "SKU-0095", "qty": 71, "warehouse": "W1"}, {"sku": "SKU-0096", "qty": 84, "warehouse": "W1"}, {"sku": "SKU-0097", "qty": 0, "warehouse": "W1"}, {"sku": "SKU-0098", "qty": 13, "warehouse": "W1"}, {"sku": "SKU-0099", "qty": 26, "warehouse": "W1"}, {"sku": "SKU-0100", "qty": 39, "warehouse": "W1"}, {"sku": "SKU-0101", "qty": 52, "warehouse": "W1"}, {"sku": "SKU-0102", "qty": 65, "warehouse": "W1"}, {"sku": "SKU-0103", "qty": 78, "warehouse": "W1"}, {"sku": "SKU-0104", "qty": 91, "warehouse": "W1"}, {"sku": "SKU-0105", "qty": 7, "warehouse": "W1"}, {"sku": "SKU-0106", "qty": 20, "warehouse": "W1"}, {"sku": "SKU-0107", "qty": 33, "warehouse": "W1"}, {"sku": "SKU-0108", "qty": 46, "warehouse": "W1"}, {"sku": "SKU-0109", "qty": 59, "warehouse": "W1"}, {"sku": "SKU-0110", "qty": 72, "warehouse": "W1"}, {"sku": "SKU-0111", "qty": 85, "warehouse": "W1"}, {"sku": "SKU-0112", "qty": 1, "warehouse": "W1"}, {"sku": "SKU-0113", "qty": 14, "warehouse": "W1"}, {"sku": "SKU-0114", "qty": 27, "warehouse": "W1"}, {"sku": "SKU-0115", "qty": 40, "warehouse": "W1"}, {"sku": "SKU-0116", "qty": 53, "warehouse": "W1"}, {"sku": "SKU-0117", "qty": 66, "warehouse": "W1"}, {"sku": "SKU-0118", "qty": 79, "warehouse": "W1"}, {"sku": "SKU-0119", "qty": 92, "warehouse": "W1"}]}', 6137, 1, 1770110100, 1770110100, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-00000000000c-c00313b3', 'shared/a86712c1-0864-4daa-97ae-d406fe834565/res_5955766cbb.txt', 'south-00000,   0 EUR,refunded
south-00001,  37 EUR,paid
south-00002,  74 EUR,paid
south-00003, 111 EUR,paid
south-00004, 148 EUR,paid
south-00005, 185 EUR,paid
south-00006, 222 EUR,paid
south-00007, 259 EUR,refunded
south-00008, 296 EUR,paid
south-00009, 333 EUR,paid
south-00010, 370 EUR,paid
south-00011, 407 EUR,paid
south-00012, 444 EUR,paid
south-00013, 481 EUR,paid
south-00014, 518 EUR,refunded
south-00015, 555 EUR,paid
south-00016, 592 EUR,paid
south-00017, 629 EUR,paid
south-00018, 666 EUR,paid
south-00019, 703 EUR,paid
south-00020, 740 EUR,paid
south-00021, 777 EUR,refunded
south-00022, 814 EUR,paid
south-00023, 851 EUR,paid
south-00024, 888 EUR,paid
south-00025, 925 EUR,paid
south-00026, 962 EUR,paid
south-00027, 999 EUR,paid
south-00028,  36 EUR,refunded
south-00029,  73 EUR,paid
south-00030, 110 EUR,paid
south-00031, 147 EUR,paid
south-00032, 184 EUR,paid
south-00033, 221 EUR,paid
south-00034, 258 EUR,paid
south-00035, 295 EUR,refunded
south-00036, 332 EUR,paid
south-00037, 369 EUR,paid
south-00038, 406 EUR,paid
south-00039, 443 EUR,paid
south-00040, 480 EUR,paid
south-00041, 517 EUR,paid
south-00042, 554 EUR,refunded
south-00043, 591 EUR,paid
south-00044, 628 EUR,paid
south-00045, 665 EUR,paid
south-00046, 702 EUR,paid
south-00047, 739 EUR,paid
south-00048, 776 EUR,paid
south-00049, 813 EUR,refunded
south-00050, 850 EUR,paid
south-00051, 887 EUR,paid
south-00052, 924 EUR,paid
south-00053, 961 EUR,paid
south-00054, 998 EUR,paid
south-00055,  35 EUR,paid
south-00056,  72 EUR,refunded
south-00057, 109 EUR,paid
south-00058, 146 EUR,paid
south-00059, 183 EUR,paid
south-00060, 220 EUR,paid
south-00061, 257 EUR,paid
south-00062, 294 EUR,paid
south-00063, 331 EUR,refunded
south-00064, 368 EUR,paid
south-00065, 405 EUR,paid
south-00066, 442 EUR,paid
south-00067, 479 EUR,paid
south-00068, 516 EUR,paid
south-00069, 553 EUR,paid
south-00070, 590 EUR,refunded
south-00071, 627 EUR,paid
south-00072, 664 EUR,paid
south-00073, 701 EUR,paid
south-00074, 738 EUR,paid
south-00075, 775 EUR,paid
south-00076, 812 EUR,paid
south-00077, 849 EUR,refunded
south-00078, 886 EUR,paid
south-00079, 923 EUR,paid
south-00080, 960 EUR,paid
south-00081, 997 EUR,paid
south-00082,  34 EUR,paid
south-00083,  71 EUR,paid
south-00084, 108 EUR,refunded
south-00085, 145 EUR,paid
south-00086, 182 EUR,paid
south-00087, 219 EUR,paid
south-00088, 256 EUR,paid
south-00089, 293 EUR,paid
south-00090, 330 EUR,paid
south-00091, 367 EUR,refunded
south-00092, 404 EUR,paid
south-00093, 441 EUR,paid
south-00094, 478 EUR,paid
south-00095, 515 EUR,paid
south-00096, 552 EUR,paid
south-00097, 589 EUR,paid
south-00098, 626 EUR,refunded
south-00099, 663 EUR,paid
south-00100, 700 EUR,paid
south-00101, 737 EUR,paid
south-00102, 774 EUR,paid
south-00103, 811 EUR,paid
south-00104, 848 EUR,paid
south-00105, 885 EUR,refunded
south-00106, 922 EUR,paid
south-00107, 959 EUR,paid
south-00108, 996 EUR,paid
south-00109,  33 EUR,paid
south-00110,  70 EUR,paid
south-00111, 107 EUR,paid
south-00112, 144 EUR,refunded
south-00113, 181 EUR,paid
south-00114, 218 EUR,paid
south-00115, 255 EUR,paid
south-00116, 292 EUR,paid
south-00117, 329 EUR,paid
south-00118, 366 EUR,paid
south-00119, 403 EUR,refunded
south-00120, 440 EUR,paid
south-00121, 477 EUR,paid
south-00122, 514 EUR,paid
south-00123, 551 EUR,paid
south-00124, 588 EUR,paid
south-00125, 625 EUR,paid
south-00126, 662 EUR,refunded
south-00127, 699 EUR,paid
south-00128, 736 EUR,paid
south-00129, 773 EUR,paid
south-00130, 810 EUR,paid
south-00131, 847 EUR,paid
south-00132, 884 EUR,paid
south-00133, 921 EUR,refunded
south-00134, 958 EUR,paid
south-00135, 995 EUR,paid
south-00136,  32 EUR,paid
south-00137,  69 EUR,paid
south-00138, 106 EUR,paid
south-00139, 143 EUR,paid
south-00140, 180 EUR,refunded
south-00141, 217 EUR,paid
south-00142, 254 EUR,paid
south-00143, 291 EUR,paid
south-00144, 328 EUR,paid
south-00145, 365 EUR,paid
south-00146, 402 EUR,paid
south-00147, 439 EUR,refunded
south-00148, 476 EUR,paid
south-00149, 513 EUR,paid
south-00150, 550 EUR,paid
south-00151, 587 EUR,paid
south-00152, 624 EUR,paid
south-00153, 661 EUR,paid
south-00154, 698 EUR,refunded
south-00155, 735 EUR,paid
south-00156, 772 EUR,paid
south-00157, 809 EUR,paid
south-00158, 846 EUR,paid
south-00159, 883 EUR,paid
south-00160, 920 EUR,paid
south-00161, 957 EUR,refunded
south-00162, 994 EUR,paid
south-00163,  31 EUR,paid
south-00164,  68 EUR,paid
south-00165, 105 EUR,paid
south-00166, 142 EUR,paid
south-00167, 179 EUR,paid
south-00168, 216 EUR,refunded
south-00169, 253 EUR,paid
south-00170, 290 EUR,paid
south-00171, 327 EUR,paid
south-00172, 364 EUR,paid
south-00173, 401 EUR,paid
south-00174, 438 EUR,paid
south-00175, 475 EUR,refunded
south-00176, 512 EUR,paid
south-00177, 549 EUR,paid
south-00178, 586 EUR,paid
south-00179, 623 EUR,paid
south-00180, 660 EUR,paid
south-00181, 697 EUR,paid
south-00182, 734 EUR,refunded
south-00183, 771 EUR,paid
south-00184, 808 EUR,paid
south-00185, 845 EUR,paid
south-00186, 882 EUR,paid
south-00187, 919 EUR,paid
south-00188, 956 EUR,paid
south-00189, 993 EUR,refunded
south-00190,  30 EUR,paid
south-00191,  67 EUR,paid
south-00192, 104 EUR,paid
south-00193, 141 EUR,paid
south-00194, 178 EUR,paid
south-00195, 215 EUR,paid
south-00196, 252 EUR,refunded
south-00197, 289 EUR,paid
south-00198, 326 EUR,paid
south-00199, 363 EUR,paid', 5315, 1, 1770800400, 1770800400, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'notes/unindexed.txt', 'written beside the offloaded results, not indexed', 49, 1, 1770973200, 1770973200, '');
INSERT INTO fs.agno_fs VALUES ('tool-results/31000000-0000-4000-8000-000000000002-538687e5', 'results/run-31-010/res_e5e031c2b5.txt', 'bob''s own copy at an indexed path', 33, 1, 1770973200, 1770973200, 'bob');


--
-- Name: agno_compactions agno_compactions_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_compactions
    ADD CONSTRAINT agno_compactions_pkey PRIMARY KEY (compaction_id);


--
-- Name: agno_runs agno_runs_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_runs
    ADD CONSTRAINT agno_runs_pkey PRIMARY KEY (run_id);


--
-- Name: agno_schema_versions agno_schema_versions_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_schema_versions
    ADD CONSTRAINT agno_schema_versions_pkey PRIMARY KEY (table_name);


--
-- Name: agno_sessions agno_sessions_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_sessions
    ADD CONSTRAINT agno_sessions_pkey PRIMARY KEY (session_id);


--
-- Name: agno_tool_results agno_tool_results_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_tool_results
    ADD CONSTRAINT agno_tool_results_pkey PRIMARY KEY (result_id);


--
-- Name: agno_tool_results agno_tool_results_uq_tool_results_namespace_path; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_tool_results
    ADD CONSTRAINT agno_tool_results_uq_tool_results_namespace_path UNIQUE (namespace, path);


--
-- Name: agno_transcripts agno_transcripts_pkey; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_transcripts
    ADD CONSTRAINT agno_transcripts_pkey PRIMARY KEY (framework, project_key, session_id, subpath, "position");


--
-- Name: agno_transcripts agno_transcripts_uq_entry_uuid; Type: CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_transcripts
    ADD CONSTRAINT agno_transcripts_uq_entry_uuid UNIQUE (framework, project_key, session_id, subpath, entry_uuid);


--
-- Name: agno_compactions agno_compactions_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_compactions
    ADD CONSTRAINT agno_compactions_pkey PRIMARY KEY (compaction_id);


--
-- Name: agno_schema_versions agno_schema_versions_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_schema_versions
    ADD CONSTRAINT agno_schema_versions_pkey PRIMARY KEY (table_name);


--
-- Name: agno_tool_results agno_tool_results_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_tool_results
    ADD CONSTRAINT agno_tool_results_pkey PRIMARY KEY (result_id);


--
-- Name: agno_tool_results agno_tool_results_uq_tool_results_namespace_path; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_tool_results
    ADD CONSTRAINT agno_tool_results_uq_tool_results_namespace_path UNIQUE (namespace, path);


--
-- Name: agno_transcripts agno_transcripts_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_transcripts
    ADD CONSTRAINT agno_transcripts_pkey PRIMARY KEY (framework, project_key, session_id, subpath, "position");


--
-- Name: agno_transcripts agno_transcripts_uq_entry_uuid; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.agno_transcripts
    ADD CONSTRAINT agno_transcripts_uq_entry_uuid UNIQUE (framework, project_key, session_id, subpath, entry_uuid);


--
-- Name: my_custom_runs my_custom_runs_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.my_custom_runs
    ADD CONSTRAINT my_custom_runs_pkey PRIMARY KEY (run_id);


--
-- Name: my_sessions my_sessions_pkey; Type: CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.my_sessions
    ADD CONSTRAINT my_sessions_pkey PRIMARY KEY (session_id);


--
-- Name: agno_fs pk_agno_fs; Type: CONSTRAINT; Schema: fs; Owner: -
--

ALTER TABLE ONLY fs.agno_fs
    ADD CONSTRAINT pk_agno_fs PRIMARY KEY (namespace, user_id, path);


--
-- Name: idx_agno_compactions_session_id_created_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_compactions_session_id_created_at ON ai.agno_compactions USING btree (session_id, created_at);


--
-- Name: idx_agno_runs_agent_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_agent_id ON ai.agno_runs USING btree (agent_id);


--
-- Name: idx_agno_runs_created_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_created_at ON ai.agno_runs USING btree (created_at);


--
-- Name: idx_agno_runs_run_type; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_run_type ON ai.agno_runs USING btree (run_type);


--
-- Name: idx_agno_runs_session_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_session_id ON ai.agno_runs USING btree (session_id);


--
-- Name: idx_agno_runs_session_id_run_index; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_session_id_run_index ON ai.agno_runs USING btree (session_id, run_index);


--
-- Name: idx_agno_runs_status; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_status ON ai.agno_runs USING btree (status);


--
-- Name: idx_agno_runs_team_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_team_id ON ai.agno_runs USING btree (team_id);


--
-- Name: idx_agno_runs_user_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_user_id ON ai.agno_runs USING btree (user_id);


--
-- Name: idx_agno_runs_workflow_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_runs_workflow_id ON ai.agno_runs USING btree (workflow_id);


--
-- Name: idx_agno_schema_versions_created_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_schema_versions_created_at ON ai.agno_schema_versions USING btree (created_at);


--
-- Name: idx_agno_sessions_created_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_sessions_created_at ON ai.agno_sessions USING btree (created_at);


--
-- Name: idx_agno_sessions_session_type; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_sessions_session_type ON ai.agno_sessions USING btree (session_type);


--
-- Name: idx_agno_tool_results_expires_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_tool_results_expires_at ON ai.agno_tool_results USING btree (expires_at);


--
-- Name: idx_agno_tool_results_session_id_created_at; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_tool_results_session_id_created_at ON ai.agno_tool_results USING btree (session_id, created_at);


--
-- Name: idx_agno_transcripts_agno_session_id; Type: INDEX; Schema: ai; Owner: -
--

CREATE INDEX idx_agno_transcripts_agno_session_id ON ai.agno_transcripts USING btree (agno_session_id);


--
-- Name: idx_agno_compactions_session_id_created_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_agno_compactions_session_id_created_at ON app.agno_compactions USING btree (session_id, created_at);


--
-- Name: idx_agno_schema_versions_created_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_agno_schema_versions_created_at ON app.agno_schema_versions USING btree (created_at);


--
-- Name: idx_agno_tool_results_expires_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_agno_tool_results_expires_at ON app.agno_tool_results USING btree (expires_at);


--
-- Name: idx_agno_tool_results_session_id_created_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_agno_tool_results_session_id_created_at ON app.agno_tool_results USING btree (session_id, created_at);


--
-- Name: idx_agno_transcripts_agno_session_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_agno_transcripts_agno_session_id ON app.agno_transcripts USING btree (agno_session_id);


--
-- Name: idx_my_custom_runs_agent_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_agent_id ON app.my_custom_runs USING btree (agent_id);


--
-- Name: idx_my_custom_runs_created_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_created_at ON app.my_custom_runs USING btree (created_at);


--
-- Name: idx_my_custom_runs_run_type; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_run_type ON app.my_custom_runs USING btree (run_type);


--
-- Name: idx_my_custom_runs_session_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_session_id ON app.my_custom_runs USING btree (session_id);


--
-- Name: idx_my_custom_runs_session_id_run_index; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_session_id_run_index ON app.my_custom_runs USING btree (session_id, run_index);


--
-- Name: idx_my_custom_runs_status; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_status ON app.my_custom_runs USING btree (status);


--
-- Name: idx_my_custom_runs_team_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_team_id ON app.my_custom_runs USING btree (team_id);


--
-- Name: idx_my_custom_runs_user_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_user_id ON app.my_custom_runs USING btree (user_id);


--
-- Name: idx_my_custom_runs_workflow_id; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_custom_runs_workflow_id ON app.my_custom_runs USING btree (workflow_id);


--
-- Name: idx_my_sessions_created_at; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_sessions_created_at ON app.my_sessions USING btree (created_at);


--
-- Name: idx_my_sessions_session_type; Type: INDEX; Schema: app; Owner: -
--

CREATE INDEX idx_my_sessions_session_type ON app.my_sessions USING btree (session_type);


--
-- Name: agno_runs agno_runs_session_id_fkey; Type: FK CONSTRAINT; Schema: ai; Owner: -
--

ALTER TABLE ONLY ai.agno_runs
    ADD CONSTRAINT agno_runs_session_id_fkey FOREIGN KEY (session_id) REFERENCES ai.agno_sessions(session_id) ON DELETE CASCADE;


--
-- Name: my_custom_runs my_custom_runs_session_id_fkey; Type: FK CONSTRAINT; Schema: app; Owner: -
--

ALTER TABLE ONLY app.my_custom_runs
    ADD CONSTRAINT my_custom_runs_session_id_fkey FOREIGN KEY (session_id) REFERENCES app.my_sessions(session_id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict qoHvDRCCbbrDGS1mAJxTzBbZeC84gIqxmFbWURp2CQVa8HmXAjSugPpYza3mvCg

