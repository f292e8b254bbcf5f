--
-- PostgreSQL database dump
--

\restrict 2actpdsDKoqYQoUMDEADuSkmzEtXla2keCbdJ5hfHjygAkhlGWj6wsSjGjeLDxq

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
-- Data for Name: organisations; Type: TABLE DATA; Schema: public; Owner: -
--

SET SESSION AUTHORIZATION DEFAULT;

ALTER TABLE public.organisations DISABLE TRIGGER ALL;

INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (1, '6513270e-269e-4d37-b2a7-4de452e6b438', '000', 'Общероссийский Профсоюз образования', 'union', NULL, NULL, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109772+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (2, 'd23f0824-128b-4f33-8c5c-7fd0a6a3a450', 'R77', 'Московская городская организация', 'region', 1, 2, '77', NULL, false, NULL, '2026-12-01 02:32:47.109784+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (3, '9531985d-5d9d-49f8-9818-e811892f902b', 'T7701', 'Районная организация №1 (Московская)', 'territorial', 2, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109789+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (4, '36f675cc-81e7-4ef5-a8e2-5d940ed90475', 'P770000', 'ППО МБОУ «Средняя школа № 1»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109791+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (5, '6b0d549b-6f03-475a-9600-a35a099950d8', 'P770001', 'ППО МБОУ «Средняя школа № 2»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109793+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (6, '8d116ece-1738-47d9-bd9c-172411e20b8f', 'P770002', 'ППО МБОУ «Средняя школа № 3»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109795+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (7, '90c192cf-d3ac-44af-8f21-ddb66cad4a26', 'P770003', 'ППО МБОУ «Средняя школа № 4»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109796+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (8, 'a170b338-3926-4059-b28c-105d1fb17c23', 'P770004', 'ППО МБОУ «Средняя школа № 5»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.1098+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (9, '0fd630f1-f29d-4da9-953f-48f1a09f76b5', 'P770005', 'ППО МБОУ «Средняя школа № 6»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109802+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (10, '0cb1e29c-658c-4a14-95e6-0af593bd04cf', 'P770006', 'ППО МБОУ «Средняя школа № 7»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109804+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (11, '8e81973e-0bec-47b0-b898-d190f9ebdacc', 'P770007', 'ППО МБОУ «Средняя школа № 8»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109806+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (12, '6b4cb242-4a23-4596-a217-beaddbc496cb', 'P770008', 'ППО МБОУ «Средняя школа № 9»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109808+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (13, '92276658-1e27-41c0-8a6a-63ec24ede6a4', 'P770009', 'ППО МБОУ «Средняя школа № 10»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109809+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (14, 'ae97ba94-d0ed-482f-8f6d-05584ef8aa38', 'P770010', 'ППО МБОУ «Средняя школа № 11»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109811+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (15, '923a7369-94e3-4f91-9a61-dbe22e44158b', 'P770011', 'ППО МБОУ «Средняя школа № 12»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109813+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (16, '18f135d2-5f55-4203-b018-50c5a38fd547', 'P770012', 'ППО МБОУ «Средняя школа № 13»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109814+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (17, '907a70c3-1012-4037-b64c-e4228c38fb29', 'P770013', 'ППО МБОУ «Средняя школа № 14»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109816+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (18, '7f150524-34b9-45df-9e77-69b10f4205b4', 'P770014', 'ППО МБОУ «Средняя школа № 15»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109817+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (19, 'c6f87718-6d76-407e-881e-d162ae2eb154', 'P770015', 'ППО МБОУ «Средняя школа № 16»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109819+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (20, 'ec66a787-95e7-41d1-b731-af10506bf2ef', 'P770016', 'ППО МБОУ «Средняя школа № 17»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109821+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (21, '3f98e277-4cbd-47ad-9c90-a9587403e430', 'P770017', 'ППО МБОУ «Средняя школа № 18»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109822+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (22, 'c7a2ea20-b2f1-4c94-ae05-319acb5c7427', 'P770018', 'ППО МБОУ «Средняя школа № 19»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109824+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (23, '4cdd2055-930d-4eaf-94f4-733f3e7d1bfb', 'P770019', 'ППО МБОУ «Средняя школа № 20»', 'primary', 3, 2, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109825+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (24, '57ee05cd-e009-42c7-bebf-f20686734721', 'R50', 'Московская областная организация', 'region', 1, 24, '50', NULL, false, NULL, '2026-12-01 02:32:47.109827+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (25, '9be4bcfc-49b6-4a08-b2e6-cc3ababced20', 'T5001', 'Районная организация №1 (Московская)', 'territorial', 24, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109829+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (26, '830e07bc-1e39-4f10-92bd-4acefaecbd38', 'P500000', 'ППО МБОУ «Средняя школа № 1»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.10983+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (27, '5790f82e-c1d3-4cff-aa3a-f4d46b0a18e8', 'P500001', 'ППО МБОУ «Средняя школа № 2»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109832+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (28, '6bf46c69-7d2c-4f82-aeea-cbe226e87555', 'P500002', 'ППО МБОУ «Средняя школа № 3»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109833+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (29, '13deef86-ab10-41d0-b646-e1f40a097c97', 'P500003', 'ППО МБОУ «Средняя школа № 4»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109834+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (30, 'ca02135e-92b1-43f2-8ede-0d7ac3baea9e', 'P500004', 'ППО МБОУ «Средняя школа № 5»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109836+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (31, '57124242-5051-41cc-917f-9acae01f5057', 'P500005', 'ППО МБОУ «Средняя школа № 6»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109838+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (32, '7f26144b-9828-4fcd-99a5-4a7bb1fee08f', 'P500006', 'ППО МБОУ «Средняя школа № 7»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109839+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (33, '119a72d1-74c9-4f6a-8c01-1cdd9474031b', 'P500007', 'ППО МБОУ «Средняя школа № 8»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109841+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (34, '451abd81-f1d6-4ed6-97f5-e837d70820fe', 'P500008', 'ППО МБОУ «Средняя школа № 9»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109842+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (35, '10a3d6b2-aa05-411a-b271-5945795e8229', 'P500009', 'ППО МБОУ «Средняя школа № 10»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109844+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (36, '4f426dcb-b394-4b36-bb2d-420f0f88080b', 'P500010', 'ППО МБОУ «Средняя школа № 11»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.109845+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (37, 'ae658f33-fe3b-490b-93f4-48b3a5aa3c81', 'P500011', 'ППО МБОУ «Средняя школа № 12»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118386+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (38, 'b774eb52-48db-40af-b215-8370d269a9a5', 'P500012', 'ППО МБОУ «Средняя школа № 13»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118398+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (39, '58d5563d-ab2c-431e-a315-128862c33a4f', 'P500013', 'ППО МБОУ «Средняя школа № 14»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.1184+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (40, '5affb229-7631-4992-b0ce-583505c6af07', 'P500014', 'ППО МБОУ «Средняя школа № 15»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118402+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (41, '7e62aa0a-1df9-4d78-9c65-39382b0537e6', 'P500015', 'ППО МБОУ «Средняя школа № 16»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118404+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (42, '49952399-c4aa-4ac1-b7dc-76fb0f17a300', 'P500016', 'ППО МБОУ «Средняя школа № 17»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118406+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (43, '65dc9f50-3f63-4f83-bd05-61e6211c70cf', 'P500017', 'ППО МБОУ «Средняя школа № 18»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118408+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (44, '7f1b103c-df15-42b0-aab4-77d26415479c', 'P500018', 'ППО МБОУ «Средняя школа № 19»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.11841+00');
INSERT INTO public.organisations (id, onec_ref, code, name, kind, parent_id, region_id, region_code, excluded_on, deletion_mark, data_version, updated_at) VALUES (45, '66d22876-72fd-4202-aa96-fb1a14a0f9e7', 'P500019', 'ППО МБОУ «Средняя школа № 20»', 'primary', 25, 24, NULL, NULL, false, NULL, '2026-12-01 02:32:47.118412+00');


ALTER TABLE public.organisations ENABLE TRIGGER ALL;

--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.api_tokens DISABLE TRIGGER ALL;

INSERT INTO public.api_tokens (id, name, kind, region_id, token_hash, prefix, created_at, last_used_at, revoked_at) VALUES (1, 'release region', 'region', 2, 'f44233d60c771f34d478abc65620a5643ae3cb46b82b9f12d4a82b731561afae', 'gw_OoUKNbw', '2026-12-01 02:32:47.745996+00', '2026-12-01 02:32:51.137995+00', NULL);
INSERT INTO public.api_tokens (id, name, kind, region_id, token_hash, prefix, created_at, last_used_at, revoked_at) VALUES (2, 'release operator', 'operator', NULL, 'd971b1408d68d3bd870ca889ca1af6fafd264058045119b51de4b6390b7f966a', 'gw_XofIkSy', '2026-12-01 02:32:47.749814+00', '2026-12-01 02:32:51.313839+00', NULL);


ALTER TABLE public.api_tokens ENABLE TRIGGER ALL;

--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.users DISABLE TRIGGER ALL;

INSERT INTO public.users (id, login, display_name, password_hash, role, region_id, active, session_epoch, created_at, last_login_at, password_changed_at) VALUES (1, 'admin', 'Администратор (демо)', '$argon2id$v=19$m=65536,t=3,p=4$4M3Uj4uUYiN5g3Ojtxwumw$dBRkjgKfXNuGk6CMCoHUYMyxEsJYhYqEEqUJZxFhglA', 'admin', NULL, true, 0, '2026-12-01 02:32:48.091766+00', NULL, '2026-12-01 02:32:48.088261+00');
INSERT INTO public.users (id, login, display_name, password_hash, role, region_id, active, session_epoch, created_at, last_login_at, password_changed_at) VALUES (2, 'operator', 'Оператор ЦС (демо)', '$argon2id$v=19$m=65536,t=3,p=4$fUtEXoPY+1kyFT1nTsNM/g$SrpvSsiRM6WDnSNn01SaBeeSfAqjYm/AX+Enuf3g7cU', 'operator', NULL, true, 0, '2026-12-01 02:32:48.651172+00', NULL, '2026-12-01 02:32:48.650451+00');
INSERT INTO public.users (id, login, display_name, password_hash, role, region_id, active, session_epoch, created_at, last_login_at, password_changed_at) VALUES (3, 'auditor', 'Аудитор (демо)', '$argon2id$v=19$m=65536,t=3,p=4$uJyUJ8ypZDGbyNOxcqdCVA$lncxoGq2XwZJkT29bh1me2fv7izI84p5dAYCT86RmJI', 'auditor', NULL, true, 0, '2026-12-01 02:32:49.054067+00', NULL, '2026-12-01 02:32:49.053302+00');
INSERT INTO public.users (id, login, display_name, password_hash, role, region_id, active, session_epoch, created_at, last_login_at, password_changed_at) VALUES (4, 'region77', 'Московская городская организация (демо)', '$argon2id$v=19$m=65536,t=3,p=4$mvIUtZ/DhQpig7+/JdPN0w$ZJDJW7PDhgaejtwMFsMZ/Cl8dC0P7J4GI4T6sXlLZLU', 'regional', 2, true, 0, '2026-12-01 02:32:49.562202+00', NULL, '2026-12-01 02:32:49.558966+00');


ALTER TABLE public.users ENABLE TRIGGER ALL;

--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.audit_log DISABLE TRIGGER ALL;



ALTER TABLE public.audit_log ENABLE TRIGGER ALL;

--
-- Data for Name: print_batches; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.print_batches DISABLE TRIGGER ALL;

INSERT INTO public.print_batches (id, state, region_id, card_count, formed_by, formed_reason, station, pause_reason, created_at, updated_at) VALUES (1, 'formed', NULL, 30, 'token:2', 'closed early by operator', NULL, NULL, '2026-12-01 02:32:51.34731+00', '2026-12-01 02:32:51.347321+00');


ALTER TABLE public.print_batches ENABLE TRIGGER ALL;

--
-- Data for Name: batch_region_counts; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.batch_region_counts DISABLE TRIGGER ALL;

INSERT INTO public.batch_region_counts (batch_id, region_id, card_count, unit_cost_rub) VALUES (1, 2, 30, 95.00);


ALTER TABLE public.batch_region_counts ENABLE TRIGGER ALL;

--
-- Data for Name: card_number_counters; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.card_number_counters DISABLE TRIGGER ALL;



ALTER TABLE public.card_number_counters ENABLE TRIGGER ALL;

--
-- Data for Name: members; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.members DISABLE TRIGGER ALL;

INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (1, '26a2c0bd-3b12-47ff-b52d-df5d616499c9', 'Новикова', 'Мария', 'Юревна', '1983-01-14', 'working', 32, 24, false, NULL, NULL, false, '00000000', 'новикова|мария|юревна|1983-01-14', '2026-12-01 02:32:47.155919+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (2, '5e8766ed-88da-4401-ab40-13ef254b0c4e', 'Полякова', 'Татьяна', 'Александровна', '1964-07-04', 'working', 43, 24, true, '2026-01-01', NULL, false, '00000001', 'полякова|татьяна|александровна|1964-07-04', '2026-12-01 02:32:47.15593+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (3, '8f2c6ec8-cc41-49a3-ae3a-2b7fdfe01893', 'Новикова', 'Екатерина', 'Анатолевна', '2003-03-04', 'working', 35, 24, true, '2026-01-01', NULL, false, '00000002', 'новикова|екатерина|анатолевна|2003-03-04', '2026-12-01 02:32:47.155932+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (4, '99c94309-570d-4195-9c24-42f9298cb3a5', 'Соколова', 'Анна', 'Петровна', '2002-06-07', 'working', 16, 2, true, '2026-01-01', NULL, false, '00000003', 'соколова|анна|петровна|2002-06-07', '2026-12-01 02:32:47.155933+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (5, 'a268aa87-2607-479d-a050-914a9d33a01c', 'Фёдорова', 'Екатерина', 'Сергейовна', '1975-05-25', 'working', 45, 24, true, '2026-01-01', NULL, false, '00000004', 'федорова|екатерина|сергейовна|1975-05-25', '2026-12-01 02:32:47.155935+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (6, '24e4e25a-15fc-499e-8fd5-8dbe7bdc968b', 'Никитина', 'Анна', 'Сергейовна', '1997-09-01', 'working', 37, 24, false, NULL, NULL, false, '00000005', 'никитина|анна|сергейовна|1997-09-01', '2026-12-01 02:32:47.155937+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (7, '8b0d590b-b0a8-44e5-a587-be6b5c9bcf35', 'Павлова', 'Анна', 'Владимировна', '1961-09-10', 'student', 5, 2, true, '2026-01-01', NULL, false, '00000006', 'павлова|анна|владимировна|1961-09-10', '2026-12-01 02:32:47.155939+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (8, 'c7702420-8aa4-448c-8857-f9a43908f227', 'Николаева', 'Ольга', 'Ивановна', '1961-07-05', 'working', 29, 24, true, '2026-01-01', NULL, false, '00000007', 'николаева|ольга|ивановна|1961-07-05', '2026-12-01 02:32:47.15594+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (9, '0726e25c-fd56-4926-876b-3e36bb2313f5', 'Киселёва', 'Татьяна', 'Николаевна', '1972-01-26', 'student', 18, 2, true, '2026-01-01', NULL, false, '00000008', 'киселева|татьяна|николаевна|1972-01-26', '2026-12-01 02:32:47.155942+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (10, '78572976-3a12-417c-9a26-f88938703800', 'Алексеева', 'Людмила', 'Михаиловна', '1967-11-23', 'working', 28, 24, true, '2026-01-01', NULL, false, '00000009', 'алексеева|людмила|михаиловна|1967-11-23', '2026-12-01 02:32:47.155943+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (11, '63771407-e8e7-4789-9eb2-0109a91c2439', 'Киселёва', 'Людмила', 'Александровна', '1964-12-31', 'student', 28, 24, true, '2026-01-01', NULL, false, '0000000a', 'киселева|людмила|александровна|1964-12-31', '2026-12-01 02:32:47.155945+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (12, 'be4c5ce6-66c1-494e-b691-b06f6555abfe', 'Романова', 'Наталья', 'Петровна', '1978-03-09', 'not_stated', 9, 2, true, '2026-01-01', NULL, false, '0000000b', 'романова|наталья|петровна|1978-03-09', '2026-12-01 02:32:47.155946+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (13, '988af3fb-d396-40d6-9c90-11ef256badf9', 'Морозова', 'Наталья', 'Александровна', '1994-06-16', 'not_stated', 43, 24, true, '2026-01-01', NULL, false, '0000000c', 'морозова|наталья|александровна|1994-06-16', '2026-12-01 02:32:47.155948+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (14, '86ce03f9-1a4f-44f9-a651-1445b9f3635c', 'Макарова', 'Наталья', 'Юревна', '1958-10-29', 'student', 12, 2, true, '2026-01-01', NULL, false, '0000000d', 'макарова|наталья|юревна|1958-10-29', '2026-12-01 02:32:47.155949+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (15, '8b5ab3ee-4265-4b31-9374-09029620bf0d', 'Алексеева', 'Татьяна', 'Александровна', '1985-06-03', 'working', 17, 2, true, '2026-01-01', NULL, false, '0000000e', 'алексеева|татьяна|александровна|1985-06-03', '2026-12-01 02:32:47.155951+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (16, '86048719-26de-4fdb-8825-ae562179b37d', 'Медведева', 'Светлана', 'Викторовна', '1961-08-27', 'working', 32, 24, true, '2026-01-01', NULL, false, '0000000f', 'медведева|светлана|викторовна|1961-08-27', '2026-12-01 02:32:47.155952+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (17, '0fcf31ca-8e75-4fdf-9ece-615db9a6442e', 'Тарасов', 'Дмитрий', 'Анатолевич', '2007-08-31', 'working', 13, 2, true, '2026-01-01', NULL, false, '00000010', 'тарасов|дмитрий|анатолевич|2007-08-31', '2026-12-01 02:32:47.155954+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (18, '73c1cd2c-81f9-4b52-9905-d591c5b2e75a', 'Александрова', 'Анна', 'Сергейовна', '1957-10-01', 'working', 7, 2, true, '2026-01-01', NULL, false, '00000011', 'александрова|анна|сергейовна|1957-10-01', '2026-12-01 02:32:47.155955+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (19, 'ceaf4915-8885-44e8-8216-858f73ccef03', 'Васильева', 'Анна', 'Михаиловна', '1962-08-30', 'working', 44, 24, true, '2026-01-01', NULL, false, '00000012', 'васильева|анна|михаиловна|1962-08-30', '2026-12-01 02:32:47.155957+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (20, '50e40d54-712e-46b3-a471-fde41f229dd0', 'Виноградов', 'Владимир', 'Иванович', '1957-10-26', 'working', 16, 2, true, '2026-01-01', NULL, false, '00000013', 'виноградов|владимир|иванович|1957-10-26', '2026-12-01 02:32:47.155959+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (21, 'e2015522-40cb-4cd0-a49a-45845dbe3023', 'Васильева', 'Татьяна', 'Ивановна', '1997-01-14', 'working', 13, 2, true, '2026-01-01', NULL, false, '00000014', 'васильева|татьяна|ивановна|1997-01-14', '2026-12-01 02:32:47.15596+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (22, 'fe7b8ae4-6e78-46a4-b4d1-9ec12955d6f0', 'Медведева', 'Ольга', 'Петровна', '1964-04-20', 'working', 14, 2, false, NULL, NULL, false, '00000015', 'медведева|ольга|петровна|1964-04-20', '2026-12-01 02:32:47.155962+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (23, '626467ba-04a1-4547-b401-ba8570c1dca1', 'Алексеева', 'Светлана', 'Михаиловна', '1999-09-29', 'working', 29, 24, true, '2026-01-01', NULL, false, '00000016', 'алексеева|светлана|михаиловна|1999-09-29', '2026-12-01 02:32:47.155964+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (24, '453bf491-2e7a-46e9-876c-603fe7e8f9f6', 'Сергеева', 'Ольга', 'Сергейовна', '1987-07-06', 'student', 10, 2, true, '2026-01-01', NULL, false, '00000017', 'сергеева|ольга|сергейовна|1987-07-06', '2026-12-01 02:32:47.155965+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (25, '4770a087-16e6-4ec3-93b9-7377b34e8ece', 'Преображенский', 'Алексей', 'Петрович', '1994-08-13', 'working', 40, 24, true, '2026-01-01', NULL, false, '00000018', 'преображенский|алексей|петрович|1994-08-13', '2026-12-01 02:32:47.155967+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (26, '43b30f66-110e-4cb6-b8ef-baebdb31ccd2', 'Борисова', 'Ольга', 'Ивановна', '2006-07-04', 'student', 9, 2, true, '2026-01-01', NULL, false, '00000019', 'борисова|ольга|ивановна|2006-07-04', '2026-12-01 02:32:47.155969+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (27, 'f81e54dd-1c05-42c6-b029-05313d0a270b', 'Андреева', 'Екатерина', 'Петровна', '1983-12-26', 'working', 45, 24, true, '2026-01-01', NULL, false, '0000001a', 'андреева|екатерина|петровна|1983-12-26', '2026-12-01 02:32:47.155971+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (28, 'cdbde747-58d5-4f1b-8540-f4262d8ad8c0', 'Алексеева', 'Ирина', 'Ивановна', '1960-05-15', 'working', 17, 2, true, '2026-01-01', NULL, false, '0000001b', 'алексеева|ирина|ивановна|1960-05-15', '2026-12-01 02:32:47.155972+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (29, 'd1a4c01e-a887-4e22-9b35-411b72723b9c', 'Иванова', 'Елена', 'Юревна', '1958-07-31', 'working', 16, 2, true, '2026-01-01', NULL, false, '0000001c', 'иванова|елена|юревна|1958-07-31', '2026-12-01 02:32:47.155974+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (30, 'ba958810-b4eb-44b6-a1c6-0aa3d510bb04', 'Фролова', 'Мария', 'Юревна', '1980-05-27', 'working', 17, 2, false, NULL, NULL, false, '0000001d', 'фролова|мария|юревна|1980-05-27', '2026-12-01 02:32:47.155976+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (31, '15a0cce6-0e2e-440a-a9ca-862d6e4505f5', 'Макарова', 'Елена', 'Владимировна', '2006-09-26', 'working', 8, 2, true, '2026-01-01', NULL, false, '0000001e', 'макарова|елена|владимировна|2006-09-26', '2026-12-01 02:32:47.155977+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (32, '4363e5d9-00ed-4b02-b221-8fdc44df96ff', 'Сергеева', 'Ирина', 'Анатолевна', '1986-04-15', 'working', 22, 2, true, '2026-01-01', NULL, false, '0000001f', 'сергеева|ирина|анатолевна|1986-04-15', '2026-12-01 02:32:47.155979+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (33, '79823eb2-1579-4a0a-a1b2-480c55d85e8d', 'Александрова', 'Светлана', 'Николаевна', '2004-12-04', 'working', 23, 2, true, '2026-01-01', NULL, false, '00000020', 'александрова|светлана|николаевна|2004-12-04', '2026-12-01 02:32:47.15598+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (34, '05c22d3f-64db-48d3-8aaa-af81963892a7', 'Егорова', 'Екатерина', 'Александровна', '1999-11-12', 'working', 20, 2, true, '2026-01-01', NULL, false, '00000021', 'егорова|екатерина|александровна|1999-11-12', '2026-12-01 02:32:47.155982+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (35, '48bfcbcf-2643-4798-be83-4904fc173498', 'Петрова', 'Людмила', 'Юревна', '1994-02-01', 'student', 44, 24, true, '2026-01-01', NULL, false, '00000022', 'петрова|людмила|юревна|1994-02-01', '2026-12-01 02:32:47.155984+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (36, 'cdff5a1c-d01a-414c-95be-785a9187df42', 'Кузнецова', 'Екатерина', 'Петровна', '1962-08-30', 'working', 12, 2, true, '2026-01-01', NULL, false, '00000023', 'кузнецова|екатерина|петровна|1962-08-30', '2026-12-01 02:32:47.155986+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (37, '738e0b77-d5f8-40c3-a06a-0deb1adbce5d', 'Римский-Корсакова', 'Татьяна', 'Сергейовна', '2005-03-21', 'working', 6, 2, true, '2026-01-01', NULL, false, '00000024', 'римский-корсакова|татьяна|сергейовна|2005-03-21', '2026-12-01 02:32:47.155988+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (38, 'e5d9fe81-80c2-45f1-aeb8-9ff1bf8e51aa', 'Ильина', 'Екатерина', 'Николаевна', '1964-02-13', 'working', 20, 2, true, '2026-01-01', NULL, false, '00000025', 'ильина|екатерина|николаевна|1964-02-13', '2026-12-01 02:32:47.155989+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (39, 'f9c9c679-a661-462c-bd65-680c3b1185d9', 'Васильева', 'Анна', 'Ивановна', '2001-05-03', 'working', 20, 2, true, '2026-01-01', NULL, false, '00000026', 'васильева|анна|ивановна|2001-05-03', '2026-12-01 02:32:47.155992+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (40, '41023aed-54ef-425a-a5bd-a659998648e0', 'Васильев', 'Николай', 'Иванович', '2003-10-28', 'working', 45, 24, true, '2026-01-01', NULL, false, '00000027', 'васильев|николай|иванович|2003-10-28', '2026-12-01 02:32:47.155993+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (41, '37bac233-b133-4c3f-997a-14e2ac084ba5', 'Киселёва', 'Людмила', 'Владимировна', '2006-11-24', 'working', 36, 24, true, '2026-01-01', NULL, false, '00000028', 'киселева|людмила|владимировна|2006-11-24', '2026-12-01 02:32:47.155995+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (42, 'fa6672cd-4fc9-4918-b302-0ccd8c90473e', 'Кузьмина', 'Ирина', 'Викторовна', '1966-03-21', 'working', 35, 24, true, '2026-01-01', NULL, false, '00000029', 'кузьмина|ирина|викторовна|1966-03-21', '2026-12-01 02:32:47.155996+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (43, '35f10300-ee37-4c65-b212-01e4eaa3556c', 'Степанова', 'Анна', 'Сергейовна', '1962-07-26', 'working', 34, 24, false, NULL, NULL, false, '0000002a', 'степанова|анна|сергейовна|1962-07-26', '2026-12-01 02:32:47.155998+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (44, 'b40de56d-1cd8-4fc1-a309-66194791c2e9', 'Медведева', 'Екатерина', 'Ивановна', '1975-10-05', 'working', 12, 2, true, '2026-01-01', NULL, false, '0000002b', 'медведева|екатерина|ивановна|1975-10-05', '2026-12-01 02:32:47.156+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (45, '24056360-ba28-4679-8d4c-a9c767c98fb9', 'Воробьёва', 'Мария', 'Александровна', '1993-09-29', 'working', 4, 2, true, '2026-01-01', NULL, false, '0000002c', 'воробьева|мария|александровна|1993-09-29', '2026-12-01 02:32:47.156002+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (46, '03003005-b688-4661-b21c-1744ed2879c1', 'Михайлова', 'Светлана', 'Александровна', '1978-11-25', 'student', 27, 24, true, '2026-01-01', NULL, false, '0000002d', 'михайлова|светлана|александровна|1978-11-25', '2026-12-01 02:32:47.156003+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (47, '0c5b4c59-dab0-4929-8670-9312c172b298', 'Никитина', 'Ольга', 'Петровна', '1973-01-05', 'working', 43, 24, true, '2026-01-01', NULL, false, '0000002e', 'никитина|ольга|петровна|1973-01-05', '2026-12-01 02:32:47.156005+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (48, 'f4c73f2b-c8ff-4c38-9f93-d180c5ef5cfb', 'Полякова', 'Ирина', 'Владимировна', '1985-08-25', 'working', 21, 2, true, '2026-01-01', NULL, false, '0000002f', 'полякова|ирина|владимировна|1985-08-25', '2026-12-01 02:32:47.156006+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (49, '9d6b023f-736b-46a0-a92f-d360bb7b738e', 'Антонова', 'Мария', 'Юревна', '1958-09-28', 'student', 17, 2, true, '2026-01-01', NULL, false, '00000030', 'антонова|мария|юревна|1958-09-28', '2026-12-01 02:32:47.156008+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (50, 'bd313bee-4178-4bc6-8c3a-c6fc48208231', 'Степанова', 'Анна', 'Александровна', '1958-08-31', 'student', 12, 2, true, '2026-01-01', NULL, false, '00000031', 'степанова|анна|александровна|1958-08-31', '2026-12-01 02:32:47.15601+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (51, '35372235-133e-4153-a962-59c8a4a915d0', 'Зайцева', 'Татьяна', 'Ивановна', '1964-09-01', 'working', 41, 24, true, '2026-01-01', NULL, false, '00000032', 'зайцева|татьяна|ивановна|1964-09-01', '2026-12-01 02:32:47.156012+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (52, '578a60d8-2cb8-414c-9739-10e33e7c6567', 'Александров', 'Андрей', 'Викторович', '1978-02-26', 'working', 34, 24, true, '2026-01-01', NULL, false, '00000033', 'александров|андрей|викторович|1978-02-26', '2026-12-01 02:32:47.156014+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (53, '35c2e229-862f-4231-beef-67fb69f44612', 'Никитина', 'Ирина', 'Анатолевна', '1989-11-18', 'working', 5, 2, true, '2026-01-01', NULL, false, '00000034', 'никитина|ирина|анатолевна|1989-11-18', '2026-12-01 02:32:47.156016+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (54, 'd93ff716-dce4-4b21-8a51-e152a12f3a94', 'Попова', 'Анна', 'Ивановна', '1956-06-29', 'working', 29, 24, true, '2026-01-01', NULL, false, '00000035', 'попова|анна|ивановна|1956-06-29', '2026-12-01 02:32:47.156018+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (55, '209342ca-0595-4fb9-b7d1-7ebddf75c883', 'Егорова', 'Мария', 'Петровна', '1968-01-07', 'working', 33, 24, true, '2026-01-01', NULL, false, '00000036', 'егорова|мария|петровна|1968-01-07', '2026-12-01 02:32:47.156019+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (56, 'daff9a0b-8721-4cf8-9359-d07aed9bf0b6', 'Римский-Корсакова', 'Анна', 'Анатолевна', '1964-01-27', 'working', 4, 2, true, '2026-01-01', NULL, false, '00000037', 'римский-корсакова|анна|анатолевна|1964-01-27', '2026-12-01 02:32:47.156021+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (57, 'b374fab6-b8c3-44d2-934d-1c0df1058667', 'Жукова', 'Ольга', 'Николаевна', '1994-03-02', 'working', 13, 2, true, '2026-01-01', NULL, false, '00000038', 'жукова|ольга|николаевна|1994-03-02', '2026-12-01 02:32:47.156022+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (58, 'b70ba858-a53f-4dc9-899f-9c9feb7fe26b', 'Григорьева', 'Ольга', 'Юревна', '2004-06-20', 'working', 4, 2, true, '2026-01-01', NULL, false, '00000039', 'григорьева|ольга|юревна|2004-06-20', '2026-12-01 02:32:47.156024+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (59, '42c927b9-6359-46be-b113-5de9953857d7', 'Павлова', 'Екатерина', 'Петровна', '1997-12-15', 'working', 10, 2, true, '2026-01-01', NULL, false, '0000003a', 'павлова|екатерина|петровна|1997-12-15', '2026-12-01 02:32:47.156025+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (60, '86ba22dd-79ad-4999-be0b-25cde23f03cc', 'Иванова', 'Екатерина', 'Ивановна', '1966-09-08', 'working', 21, 2, true, '2026-01-01', NULL, false, '0000003b', 'иванова|екатерина|ивановна|1966-09-08', '2026-12-01 02:32:47.156027+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (61, '3a53c176-41db-498e-94c2-732a6b86290b', 'Соловьёва', 'Ирина', 'Александровна', '2006-01-23', 'working', 16, 2, true, '2026-01-01', NULL, false, '0000003c', 'соловьева|ирина|александровна|2006-01-23', '2026-12-01 02:32:47.156028+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (62, 'bd37929d-4ac7-4cc3-8c0c-668201ba985a', 'Семёнов', 'Николай', 'Александрович', '1977-09-08', 'student', 32, 24, true, '2026-01-01', NULL, false, '0000003d', 'семенов|николай|александрович|1977-09-08', '2026-12-01 02:32:47.15603+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (63, 'f3b17af0-1be7-43cf-8b80-b828e3ab6283', 'Воробьёва', 'Татьяна', 'Ивановна', '1990-08-14', 'working', 18, 2, true, '2026-01-01', NULL, false, '0000003e', 'воробьева|татьяна|ивановна|1990-08-14', '2026-12-01 02:32:47.156031+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (64, '989bc9dc-f95f-48a0-860c-88043683d4bc', 'Семёнова', 'Анна', 'Петровна', '2002-12-15', 'working', 44, 24, true, '2026-01-01', NULL, false, '0000003f', 'семенова|анна|петровна|2002-12-15', '2026-12-01 02:32:47.156032+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (65, '30d0a2b8-5449-40e1-aa66-f913ee7d0ae2', 'Попова', 'Наталья', 'Петровна', '1967-09-05', 'working', 26, 24, true, '2026-01-01', NULL, false, '00000040', 'попова|наталья|петровна|1967-09-05', '2026-12-01 02:32:47.156034+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (66, '00bc22cb-1be4-45db-ab54-af7771436e1d', 'Медведев', 'Николай', 'Александрович', '1980-01-16', 'working', 30, 24, true, '2026-01-01', NULL, false, '00000041', 'медведев|николай|александрович|1980-01-16', '2026-12-01 02:32:47.156035+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (67, '167774ef-6eb4-4ff8-8dce-c408d26f1d76', 'Соловьёва', 'Ольга', 'Юревна', '1989-05-29', 'working', 30, 24, true, '2026-01-01', NULL, false, '00000042', 'соловьева|ольга|юревна|1989-05-29', '2026-12-01 02:32:47.156037+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (68, '3f7dc86b-692a-4f0e-a1b4-9bf707c0909c', 'Никитина', 'Екатерина', 'Викторовна', '1990-09-12', 'student', 26, 24, true, '2026-01-01', NULL, false, '00000043', 'никитина|екатерина|викторовна|1990-09-12', '2026-12-01 02:32:47.156038+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (69, 'e6077d79-1017-4d2b-bf4e-302c31e7aed1', 'Кузнецова', 'Мария', 'Александровна', '1966-05-20', 'working', 8, 2, true, '2026-01-01', NULL, false, '00000044', 'кузнецова|мария|александровна|1966-05-20', '2026-12-01 02:32:47.15604+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (70, 'ea9d18b2-9877-4790-8172-6f06b8b8f270', 'Андреева', 'Людмила', 'Александровна', '1984-06-30', 'student', 26, 24, true, '2026-01-01', NULL, false, '00000045', 'андреева|людмила|александровна|1984-06-30', '2026-12-01 02:32:47.156041+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (71, '40449aa0-ca30-4218-a2f2-a21bc6bf4fa2', 'Васильев', 'Александр', 'Николаевич', '1998-05-24', 'student', 36, 24, true, '2026-01-01', NULL, false, '00000046', 'васильев|александр|николаевич|1998-05-24', '2026-12-01 02:32:47.156043+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (72, 'dc7a615d-53ea-4031-bc73-d5f49b750362', 'Новиков', 'Николай', 'Владимирович', '2007-03-27', 'working', 23, 2, true, '2026-01-01', NULL, false, '00000047', 'новиков|николай|владимирович|2007-03-27', '2026-12-01 02:32:47.156044+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (73, '08ab4ae4-a648-458c-9092-57f76862bf79', 'Жукова', 'Людмила', 'Сергейовна', '1962-02-03', 'working', 16, 2, true, '2026-01-01', NULL, false, '00000048', 'жукова|людмила|сергейовна|1962-02-03', '2026-12-01 02:32:47.156046+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (74, 'b5b39023-fd09-437c-bf9c-13216bca9b3f', 'Морозова', 'Мария', 'Сергейовна', '2001-07-17', 'not_stated', 20, 2, true, '2026-01-01', NULL, false, '00000049', 'морозова|мария|сергейовна|2001-07-17', '2026-12-01 02:32:47.156047+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (75, '4b3e90b7-d743-4571-879d-bc121f04a6ff', 'Новикова', 'Мария', 'Викторовна', '1986-12-09', 'working', 40, 24, true, '2026-01-01', NULL, false, '0000004a', 'новикова|мария|викторовна|1986-12-09', '2026-12-01 02:32:47.156048+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (76, 'e8566431-e258-4268-8806-d26f27401fa0', 'Никитина', 'Ирина', 'Ивановна', '1990-02-22', 'working', 34, 24, true, '2026-01-01', NULL, false, '0000004b', 'никитина|ирина|ивановна|1990-02-22', '2026-12-01 02:32:47.15605+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (77, '097a5942-fdaf-4513-b6c3-2dcda74068b2', 'Зайцева', 'Ирина', 'Николаевна', '1962-07-02', 'working', 39, 24, true, '2026-01-01', NULL, false, '0000004c', 'зайцева|ирина|николаевна|1962-07-02', '2026-12-01 02:32:47.156051+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (78, 'f9143ef5-99b9-4de7-b087-de350ce66f73', 'Мамин-Сибиряка', 'Татьяна', 'Викторовна', '1974-06-22', 'student', 6, 2, true, '2026-01-01', NULL, false, '0000004d', 'мамин-сибиряка|татьяна|викторовна|1974-06-22', '2026-12-01 02:32:47.156052+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (79, '1b1466f6-019f-4781-b219-8825aa2d6c38', 'Васильева', 'Светлана', 'Юревна', '1992-01-26', 'working', 34, 24, true, '2026-01-01', NULL, false, '0000004e', 'васильева|светлана|юревна|1992-01-26', '2026-12-01 02:32:47.156053+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (80, 'bb7352c1-9973-4f5c-89c9-d592414205c6', 'Макарова', 'Татьяна', 'Александровна', '1974-12-09', 'working', 27, 24, true, '2026-01-01', NULL, false, '0000004f', 'макарова|татьяна|александровна|1974-12-09', '2026-12-01 02:32:47.156054+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (81, '8c4caa83-7ee1-4b90-8b97-8be3080e31b0', 'Иванова', 'Светлана', 'Петровна', '1974-08-29', 'working', 15, 2, true, '2026-01-01', NULL, false, '00000050', 'иванова|светлана|петровна|1974-08-29', '2026-12-01 02:32:47.156055+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (82, 'fcfd36d1-68e7-4d23-856b-312cb2061ecc', 'Жукова', 'Мария', 'Юревна', '1994-02-24', 'working', 40, 24, true, '2026-01-01', NULL, false, '00000051', 'жукова|мария|юревна|1994-02-24', '2026-12-01 02:32:47.156056+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (83, 'a4fc8621-5d20-46a6-8d5e-4aa0ff2282e6', 'Попова', 'Ирина', 'Анатолевна', '1975-12-21', 'working', 32, 24, true, '2026-01-01', NULL, false, '00000052', 'попова|ирина|анатолевна|1975-12-21', '2026-12-01 02:32:47.156058+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (84, '75fdf37c-5d5e-41ad-a201-aafd93ea6a94', 'Лебедева', 'Елена', 'Петровна', '1993-12-20', 'student', 33, 24, true, '2026-01-01', NULL, false, '00000053', 'лебедева|елена|петровна|1993-12-20', '2026-12-01 02:32:47.156059+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (85, '2558d6c0-2bf3-4775-8124-7dd4bcbc58a3', 'Попова', 'Екатерина', 'Владимировна', '1972-06-04', 'working', 9, 2, true, '2026-01-01', NULL, false, '00000054', 'попова|екатерина|владимировна|1972-06-04', '2026-12-01 02:32:47.156061+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (86, '206c2856-4d36-48ed-b284-fc6fce017551', 'Морозова', 'Ольга', 'Сергейовна', '1973-08-03', 'student', 37, 24, true, '2026-01-01', NULL, false, '00000055', 'морозова|ольга|сергейовна|1973-08-03', '2026-12-01 02:32:47.156063+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (87, 'a3ec4d32-2907-4b86-a421-9307d31615e5', 'Романова', 'Светлана', 'Александровна', '1973-03-20', 'student', 9, 2, true, '2026-01-01', NULL, false, '00000056', 'романова|светлана|александровна|1973-03-20', '2026-12-01 02:32:47.156064+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (88, '62320fa3-280f-405d-8494-9aabf044c032', 'Зайцева', 'Людмила', 'Николаевна', '1965-08-02', 'working', 15, 2, true, '2026-01-01', NULL, false, '00000057', 'зайцева|людмила|николаевна|1965-08-02', '2026-12-01 02:32:47.156066+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (89, '8cd03260-74aa-4340-997a-20be63cc537b', 'Белова', 'Татьяна', 'Александровна', '1957-07-26', 'student', 6, 2, true, '2026-01-01', NULL, false, '00000058', 'белова|татьяна|александровна|1957-07-26', '2026-12-01 02:32:47.156067+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (90, '05fbec3a-2dc3-48f2-b037-e03480ea8397', 'Максимова', 'Мария', 'Ивановна', '1985-08-27', 'working', 33, 24, true, '2026-01-01', NULL, false, '00000059', 'максимова|мария|ивановна|1985-08-27', '2026-12-01 02:32:47.156068+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (91, '6e3bbc97-5bcb-4370-a0e2-7c17112ed1df', 'Григорьев', 'Андрей', 'Викторович', '1966-11-25', 'working', 15, 2, true, '2026-01-01', NULL, false, '0000005a', 'григорьев|андрей|викторович|1966-11-25', '2026-12-01 02:32:47.15607+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (92, '1478c7b9-82f0-479d-b86b-b4d6c7132891', 'Сергеев', 'Владимир', 'Александрович', '2004-05-14', 'working', 12, 2, true, '2026-01-01', NULL, false, '0000005b', 'сергеев|владимир|александрович|2004-05-14', '2026-12-01 02:32:47.156071+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (93, 'e2bce763-fb52-482f-a1b1-aed23196cd44', 'Захарова', 'Наталья', 'Александровна', '2002-01-22', 'working', 45, 24, true, '2026-01-01', NULL, false, '0000005c', 'захарова|наталья|александровна|2002-01-22', '2026-12-01 02:32:47.156073+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (94, '4665ea19-9d10-4a37-a583-76fb52e71cf8', 'Жуков', 'Дмитрий', 'Николаевич', '2002-02-20', 'student', 28, 24, true, '2026-01-01', NULL, false, '0000005d', 'жуков|дмитрий|николаевич|2002-02-20', '2026-12-01 02:32:47.156074+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (95, '32eddf6f-096d-4421-9f4c-e30251af1074', 'Павлова', 'Екатерина', 'Викторовна', '1989-04-29', 'working', 43, 24, true, '2026-01-01', NULL, false, '0000005e', 'павлова|екатерина|викторовна|1989-04-29', '2026-12-01 02:32:47.156076+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (96, 'f755edba-5c1a-4c01-9bb8-d36ba2e5c7d7', 'Козлова', 'Светлана', 'Петровна', '1992-11-16', 'student', 20, 2, true, '2026-01-01', NULL, false, '0000005f', 'козлова|светлана|петровна|1992-11-16', '2026-12-01 02:32:47.156077+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (97, '93cde609-5e73-452b-bd91-4b0e60307b75', 'Королёва', 'Ольга', 'Ивановна', '1959-12-16', 'working', 31, 24, true, '2026-01-01', NULL, false, '00000060', 'королева|ольга|ивановна|1959-12-16', '2026-12-01 02:32:47.156079+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (98, '4f60e846-40ef-4ec2-841f-92cad1e0014e', 'Петрова', 'Анна', 'Николаевна', '1992-02-28', 'working', 45, 24, true, '2026-01-01', NULL, false, '00000061', 'петрова|анна|николаевна|1992-02-28', '2026-12-01 02:32:47.15608+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (99, '5d359777-833e-4d4b-aaed-88726ea6d05e', 'Королёв', 'Иван', 'Александрович', '2004-12-25', 'student', 18, 2, true, '2026-01-01', NULL, false, '00000062', 'королев|иван|александрович|2004-12-25', '2026-12-01 02:32:47.156082+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (100, '88bba317-5b6e-48b0-85e9-251c1b3a953c', 'Семёнова', 'Людмила', 'Александровна', '2006-01-06', 'working', 7, 2, true, '2026-01-01', NULL, false, '00000063', 'семенова|людмила|александровна|2006-01-06', '2026-12-01 02:32:47.156084+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (101, '3e5bcce6-cd2f-4934-afc4-6c08039cd862', 'Королёва', 'Наталья', 'Николаевна', '1975-02-28', 'student', 45, 24, true, '2026-01-01', NULL, false, '00000064', 'королева|наталья|николаевна|1975-02-28', '2026-12-01 02:32:47.156085+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (102, '59af6769-e486-437d-8ff4-ef93d2253c87', 'Васильева', 'Наталья', 'Ивановна', '1971-12-15', 'working', 20, 2, true, '2026-01-01', NULL, false, '00000065', 'васильева|наталья|ивановна|1971-12-15', '2026-12-01 02:32:47.156087+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (103, '2f87466e-67ee-4099-8675-295f88122e14', 'Гусева', 'Екатерина', 'Викторовна', '1985-09-21', 'working', 14, 2, true, '2026-01-01', NULL, false, '00000066', 'гусева|екатерина|викторовна|1985-09-21', '2026-12-01 02:32:47.156089+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (104, 'a5c8e5c5-81c7-4bab-a487-92c59bab5340', 'Тарасова', 'Ольга', 'Александровна', '1958-08-04', 'working', 16, 2, true, '2026-01-01', NULL, false, '00000067', 'тарасова|ольга|александровна|1958-08-04', '2026-12-01 02:32:47.15609+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (105, 'b7245d1c-7a59-4f67-8870-fef2b96c1f73', 'Волков', 'Владимир', 'Иванович', '2002-04-18', 'working', 23, 2, true, '2026-01-01', NULL, false, '00000068', 'волков|владимир|иванович|2002-04-18', '2026-12-01 02:32:47.156092+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (106, '1f8e6521-09ef-42b4-a4de-7a8d3b77cbb4', 'Борисова', 'Анна', 'Сергейовна', '1967-06-03', 'working', 15, 2, true, '2026-01-01', NULL, false, '00000069', 'борисова|анна|сергейовна|1967-06-03', '2026-12-01 02:32:47.156094+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (107, '43ea7471-f8cd-459b-85f3-5c2eead28c16', 'Виноградова', 'Ирина', 'Александровна', '1984-02-26', 'working', 41, 24, true, '2026-01-01', NULL, false, '0000006a', 'виноградова|ирина|александровна|1984-02-26', '2026-12-01 02:32:47.156096+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (108, '28c06f25-f1d7-48aa-b3e9-2723be6ed515', 'Лебедев', 'Сергей', 'Юревич', '2006-08-26', 'student', 14, 2, true, '2026-01-01', NULL, false, '0000006b', 'лебедев|сергей|юревич|2006-08-26', '2026-12-01 02:32:47.156097+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (109, 'd76de60b-aa4c-4bf2-bb4e-1d36b15e27e6', 'Захарова', 'Светлана', 'Анатолевна', '1986-07-23', 'not_stated', 30, 24, true, '2026-01-01', NULL, false, '0000006c', 'захарова|светлана|анатолевна|1986-07-23', '2026-12-01 02:32:47.156099+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (110, '36436924-ca09-4b18-8ec8-c223e27f8be8', 'Константинопольская', 'Екатерина', 'Александровна', '2005-08-21', 'working', 33, 24, true, '2026-01-01', NULL, false, '0000006d', 'константинопольская|екатерина|александровна|2005-08-21', '2026-12-01 02:32:47.1561+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (111, '244fbafc-fa37-4a6e-9848-fc64296c764d', 'Дмитриева', 'Наталья', 'Владимировна', '2005-01-23', 'student', 5, 2, true, '2026-01-01', NULL, false, '0000006e', 'дмитриева|наталья|владимировна|2005-01-23', '2026-12-01 02:32:47.156102+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (112, 'd1cee715-f45e-4f1c-914b-b7f533061fbc', 'Новикова', 'Елена', 'Сергейовна', '2003-10-30', 'working', 8, 2, true, '2026-01-01', NULL, false, '0000006f', 'новикова|елена|сергейовна|2003-10-30', '2026-12-01 02:32:47.156103+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (113, 'cfe07a63-e93e-4707-9903-ff4df30224c5', 'Антонова', 'Мария', 'Сергейовна', '1985-11-23', 'student', 17, 2, true, '2026-01-01', NULL, false, '00000070', 'антонова|мария|сергейовна|1985-11-23', '2026-12-01 02:32:47.156105+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (114, '5625e671-51b3-45ec-8b61-b0fd347a7325', 'Антонова', 'Ирина', 'Викторовна', '1999-01-21', 'working', 12, 2, true, '2026-01-01', NULL, false, '00000071', 'антонова|ирина|викторовна|1999-01-21', '2026-12-01 02:32:47.156107+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (115, '9e475394-49a3-4964-99f3-dd4579e08f86', 'Павлова', 'Ирина', 'Александровна', '1974-12-31', 'student', 26, 24, true, '2026-01-01', NULL, false, '00000072', 'павлова|ирина|александровна|1974-12-31', '2026-12-01 02:32:47.156109+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (116, 'dcbbb757-b6e2-4482-b771-690c90ebc2c3', 'Смирнова', 'Мария', 'Юревна', '1999-03-13', 'student', 28, 24, true, '2026-01-01', NULL, false, '00000073', 'смирнова|мария|юревна|1999-03-13', '2026-12-01 02:32:47.156118+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (117, '5909a958-011d-48b3-8dd0-9e51fa556835', 'Степанова', 'Наталья', 'Петровна', '2007-11-25', 'working', 39, 24, true, '2026-01-01', NULL, false, '00000074', 'степанова|наталья|петровна|2007-11-25', '2026-12-01 02:32:47.15612+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (118, 'f033b915-36f7-44cc-90b3-a17548a28354', 'Жукова', 'Наталья', 'Викторовна', '1976-11-13', 'working', 38, 24, true, '2026-01-01', NULL, false, '00000075', 'жукова|наталья|викторовна|1976-11-13', '2026-12-01 02:32:47.156122+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (119, 'e44fbd3e-6504-4845-adb2-7a0f66b9aaf9', 'Михайлова', 'Ольга', 'Викторовна', '1957-08-30', 'student', 10, 2, true, '2026-01-01', NULL, false, '00000076', 'михайлова|ольга|викторовна|1957-08-30', '2026-12-01 02:32:47.156124+00');
INSERT INTO public.members (id, onec_ref, surname, name, patronymic, birth_date, category, organisation_id, region_id, consent, consent_date, left_on, deletion_mark, data_version, match_key, updated_at) VALUES (120, 'fb7f36ee-611a-445e-abcd-85d2804dffe8', 'Максимова', 'Елена', 'Михаиловна', '1989-07-10', 'student', 23, 2, true, '2026-01-01', NULL, false, '00000077', 'максимова|елена|михаиловна|1989-07-10', '2026-12-01 02:32:47.156125+00');


ALTER TABLE public.members ENABLE TRIGGER ALL;

--
-- Data for Name: uploads; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.uploads DISABLE TRIGGER ALL;



ALTER TABLE public.uploads ENABLE TRIGGER ALL;

--
-- Data for Name: card_orders; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.card_orders DISABLE TRIGGER ALL;

INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (1, 'e88ccc1b-397f-44fe-8f06-d7424dcb2631', 4, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (2, 'c007a617-85aa-4014-bfa2-422d96840c5f', 7, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (3, '687d65ad-dbdf-46c0-a718-fbd1f264b613', 9, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (4, 'b3690ef3-5e74-4ecb-ab15-0587c6624537', 12, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (5, '3d4fba01-57d4-47a5-8ec3-d7c29dd8925b', 14, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (6, 'a244363a-f5c8-492c-9ac3-72233822e29d', 15, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (7, '56a734ac-d35b-4f36-bde3-46cc590288d9', 17, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (8, '1895aa22-d06b-4356-ab7d-5996b2ad282c', 18, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (9, '272180d2-4a9d-4b9b-84b2-78cf4234c6c2', 20, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (10, '25b90b13-99d7-4410-a02a-77ce99d8af20', 21, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (11, '5a96a984-5b98-4a73-8b9c-2594cfddae75', 24, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (12, '4e49f095-bfb9-4f39-9b21-616540b7c020', 26, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (13, '43d8b9e0-5eca-4f87-bbb2-f8497b4d43c0', 28, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (14, '7bb6004a-3843-4c2f-9572-1c600744a1d0', 29, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (15, 'c31a23db-f40b-4c12-a116-85a5821367bf', 31, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (16, 'a84940ce-3f03-4b4c-8a30-26d0115cb3a1', 32, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (17, 'e15837c4-363b-44b6-a4f8-51b2d9992ef2', 33, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (18, '35d8d50e-43cb-4a7e-9981-f44dc8b0af1f', 34, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (19, 'b800b956-ab84-4cc1-a04f-e4f88a60c5cc', 36, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (20, '53442be9-7c43-4510-86bf-c9354e2bd693', 37, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (21, 'c715f99b-f69d-40f9-b4c7-ae4ebc8c49eb', 38, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (22, '2df7d18d-af93-44bf-aa31-63a922d2d3b3', 39, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (23, '0a35e93f-4915-4716-84d4-463e25a84fb9', 44, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (24, '9446766e-635d-4d2f-ac15-929eea3e44c3', 45, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (25, 'bc5cb74e-1d3e-4e05-b706-0f07815da002', 48, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (26, '321524cc-1fd6-4059-a388-09e3faf4f29f', 49, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (27, '344bd3f4-b7a2-4e13-8414-c6d71cc17ed2', 50, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (28, '6bdcce6c-d11b-47f3-bbf8-f4591a5b56dd', 53, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (29, '77c2f64d-6cb8-4e6a-8f13-0ed740e288bf', 56, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');
INSERT INTO public.card_orders (id, public_id, member_id, region_id, reason, source, submitted_by, idempotency_key, onec_ref, state, rejection_reasons, batch_id, upload_id, upload_row, created_at, updated_at) VALUES (30, 'aba625d3-1d39-43ff-bf7c-546ebe89a43e', 57, 2, 'first', 'api', 'token:1', NULL, NULL, 'batched', NULL, 1, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00');


ALTER TABLE public.card_orders ENABLE TRIGGER ALL;

--
-- Data for Name: cards; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.cards DISABLE TRIGGER ALL;

INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (28, '9643007700000283', 28, 53, 2, 1, 'queued', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (29, '9643007700000291', 29, 56, 2, 1, 'queued', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (30, '9643007700000309', 30, 57, 2, 1, 'queued', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (1, '9643007700000010', 1, 4, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.394172+00', '2026-12-01 02:32:51.394508+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (2, '9643007700000028', 2, 7, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.394766+00', '2026-12-01 02:32:51.394855+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (3, '9643007700000036', 3, 9, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.395005+00', '2026-12-01 02:32:51.395076+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (4, '9643007700000044', 4, 12, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.395229+00', '2026-12-01 02:32:51.395337+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (5, '9643007700000051', 5, 14, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.395476+00', '2026-12-01 02:32:51.395544+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (6, '9643007700000069', 6, 15, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.395675+00', '2026-12-01 02:32:51.39574+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (7, '9643007700000077', 7, 17, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.395856+00', '2026-12-01 02:32:51.395918+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (8, '9643007700000085', 8, 18, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396017+00', '2026-12-01 02:32:51.396065+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (9, '9643007700000093', 9, 20, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396163+00', '2026-12-01 02:32:51.396225+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (10, '9643007700000101', 10, 21, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396376+00', '2026-12-01 02:32:51.396438+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (11, '9643007700000119', 11, 24, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396553+00', '2026-12-01 02:32:51.396611+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (12, '9643007700000127', 12, 26, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396737+00', '2026-12-01 02:32:51.396798+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (13, '9643007700000135', 13, 28, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.396905+00', '2026-12-01 02:32:51.396964+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (14, '9643007700000143', 14, 29, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.397079+00', '2026-12-01 02:32:51.39714+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (15, '9643007700000150', 15, 31, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.397286+00', '2026-12-01 02:32:51.397362+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (16, '9643007700000168', 16, 32, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.397468+00', '2026-12-01 02:32:51.397526+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (17, '9643007700000176', 17, 33, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.397641+00', '2026-12-01 02:32:51.397704+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (18, '9643007700000184', 18, 34, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.397804+00', '2026-12-01 02:32:51.397903+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (19, '9643007700000192', 19, 36, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.398032+00', '2026-12-01 02:32:51.398092+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (20, '9643007700000200', 20, 37, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.39819+00', '2026-12-01 02:32:51.398274+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (21, '9643007700000218', 21, 38, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.39836+00', '2026-12-01 02:32:51.398428+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (22, '9643007700000226', 22, 39, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.398515+00', '2026-12-01 02:32:51.398569+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (23, '9643007700000234', 23, 44, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.398655+00', '2026-12-01 02:32:51.398711+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (24, '9643007700000242', 24, 45, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.398812+00', '2026-12-01 02:32:51.39888+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (25, '9643007700000259', 25, 48, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.398975+00', '2026-12-01 02:32:51.399033+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (26, '9643007700000267', 26, 49, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.399154+00', '2026-12-01 02:32:51.399215+00', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.cards (id, number, order_id, member_id, region_id, batch_id, state, replaces_card_id, chip_uid, station, allocated_at, batched_at, printing_started_at, produced_at, spoiled_at, dispatched_at, issued_at, refused_at, withdrawn_at) VALUES (27, '9643007700000275', 27, 50, 2, 1, 'produced', NULL, NULL, NULL, '2026-12-01 02:32:51.172526+00', '2026-12-01 02:32:51.314332+00', '2026-12-01 02:32:51.399493+00', '2026-12-01 02:32:51.399582+00', NULL, NULL, NULL, NULL, NULL);


ALTER TABLE public.cards ENABLE TRIGGER ALL;

--
-- Data for Name: card_print_attempts; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.card_print_attempts DISABLE TRIGGER ALL;



ALTER TABLE public.card_print_attempts ENABLE TRIGGER ALL;

--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.events DISABLE TRIGGER ALL;

INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (1, 'order', 1, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (2, 'order', 2, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (3, 'order', 3, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (4, 'order', 4, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (5, 'order', 5, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (6, 'order', 6, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (7, 'order', 7, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (8, 'order', 8, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (9, 'order', 9, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (10, 'order', 10, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (11, 'order', 11, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (12, 'order', 12, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (13, 'order', 13, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (14, 'order', 14, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (15, 'order', 15, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (16, 'order', 16, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (17, 'order', 17, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (18, 'order', 18, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (19, 'order', 19, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (20, 'order', 20, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (21, 'order', 21, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (22, 'order', 22, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (23, 'order', 23, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (24, 'order', 24, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (25, 'order', 25, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (26, 'order', 26, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (27, 'order', 27, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (28, 'order', 28, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (29, 'order', 29, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (30, 'order', 30, 'submitted', 'accepted', 'token:1', 'api: first', NULL, '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (31, 'card', 1, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000010"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (32, 'card', 2, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000028"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (33, 'card', 3, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000036"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (34, 'card', 4, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000044"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (35, 'card', 5, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000051"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (36, 'card', 6, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000069"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (37, 'card', 7, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000077"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (38, 'card', 8, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000085"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (39, 'card', 9, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000093"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (40, 'card', 10, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000101"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (41, 'card', 11, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000119"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (42, 'card', 12, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000127"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (43, 'card', 13, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000135"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (44, 'card', 14, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000143"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (45, 'card', 15, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000150"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (46, 'card', 16, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000168"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (47, 'card', 17, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000176"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (48, 'card', 18, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000184"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (49, 'card', 19, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000192"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (50, 'card', 20, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000200"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (51, 'card', 21, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000218"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (52, 'card', 22, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000226"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (53, 'card', 23, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000234"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (54, 'card', 24, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000242"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (55, 'card', 25, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000259"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (56, 'card', 26, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000267"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (57, 'card', 27, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000275"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (58, 'card', 28, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000283"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (59, 'card', 29, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000291"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (60, 'card', 30, NULL, 'allocated', 'token:1', NULL, '{"number": "9643007700000309"}', '2026-12-01 02:32:51.172526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (61, 'batch', 1, NULL, 'formed', 'token:2', 'closed early by operator', '{"cards": 30}', '2026-12-01 02:32:51.350118+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (62, 'order', 1, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (63, 'order', 2, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (64, 'order', 3, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (65, 'order', 4, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (66, 'order', 5, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (67, 'order', 6, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (68, 'order', 7, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (69, 'order', 8, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (70, 'order', 9, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (71, 'order', 10, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (72, 'order', 11, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (73, 'order', 12, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (74, 'order', 13, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (75, 'order', 14, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (76, 'order', 15, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (77, 'order', 16, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (78, 'order', 17, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (79, 'order', 18, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (80, 'order', 19, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (81, 'order', 20, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (82, 'order', 21, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (83, 'order', 22, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (84, 'order', 23, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (85, 'order', 24, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (86, 'order', 25, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (87, 'order', 26, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (88, 'order', 27, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (89, 'order', 28, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (90, 'order', 29, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (91, 'order', 30, 'accepted', 'batched', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (92, 'card', 1, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (93, 'card', 2, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (94, 'card', 3, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (95, 'card', 4, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (96, 'card', 5, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (97, 'card', 6, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (98, 'card', 7, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (99, 'card', 8, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (100, 'card', 9, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (101, 'card', 10, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (102, 'card', 11, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (103, 'card', 12, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (104, 'card', 13, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (105, 'card', 14, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (106, 'card', 15, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (107, 'card', 16, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (108, 'card', 17, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (109, 'card', 18, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (110, 'card', 19, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (111, 'card', 20, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (112, 'card', 21, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (113, 'card', 22, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (114, 'card', 23, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (115, 'card', 24, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (116, 'card', 25, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (117, 'card', 26, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (118, 'card', 27, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (119, 'card', 28, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (120, 'card', 29, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (121, 'card', 30, 'allocated', 'queued', 'token:2', 'batch 1', NULL, '2026-12-01 02:32:51.314332+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (122, 'card', 1, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.394172+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (123, 'card', 1, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.394508+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (124, 'card', 2, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.394766+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (125, 'card', 2, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.394855+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (126, 'card', 3, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.395005+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (127, 'card', 3, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.395076+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (128, 'card', 4, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.395229+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (129, 'card', 4, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.395337+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (130, 'card', 5, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.395476+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (131, 'card', 5, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.395544+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (132, 'card', 6, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.395675+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (133, 'card', 6, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.39574+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (134, 'card', 7, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.395856+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (135, 'card', 7, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.395918+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (136, 'card', 8, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396017+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (137, 'card', 8, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396065+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (138, 'card', 9, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396163+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (139, 'card', 9, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396225+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (140, 'card', 10, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396376+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (141, 'card', 10, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396438+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (142, 'card', 11, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396553+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (143, 'card', 11, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396611+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (144, 'card', 12, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396737+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (145, 'card', 12, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396798+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (146, 'card', 13, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.396905+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (147, 'card', 13, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.396964+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (148, 'card', 14, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.397079+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (149, 'card', 14, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.39714+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (150, 'card', 15, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.397286+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (151, 'card', 15, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.397362+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (152, 'card', 16, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.397468+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (153, 'card', 16, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.397526+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (154, 'card', 17, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.397641+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (155, 'card', 17, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.397704+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (156, 'card', 18, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.397804+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (157, 'card', 18, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.397903+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (158, 'card', 19, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.398032+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (159, 'card', 19, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.398092+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (160, 'card', 20, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.39819+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (161, 'card', 20, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.398274+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (162, 'card', 21, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.39836+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (163, 'card', 21, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.398428+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (164, 'card', 22, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.398515+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (165, 'card', 22, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.398569+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (166, 'card', 23, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.398655+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (167, 'card', 23, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.398711+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (168, 'card', 24, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.398812+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (169, 'card', 24, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.39888+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (170, 'card', 25, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.398975+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (171, 'card', 25, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.399033+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (172, 'card', 26, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.399154+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (173, 'card', 26, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.399215+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (174, 'card', 27, 'queued', 'printing', 'release', NULL, 'null', '2026-12-01 02:32:51.399493+00');
INSERT INTO public.events (id, entity_type, entity_id, from_state, to_state, actor, reason, data, created_at) VALUES (175, 'card', 27, 'printing', 'produced', 'release', NULL, 'null', '2026-12-01 02:32:51.399582+00');


ALTER TABLE public.events ENABLE TRIGGER ALL;

--
-- Data for Name: idempotency_records; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.idempotency_records DISABLE TRIGGER ALL;



ALTER TABLE public.idempotency_records ENABLE TRIGGER ALL;

--
-- Data for Name: login_attempts; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.login_attempts DISABLE TRIGGER ALL;



ALTER TABLE public.login_attempts ENABLE TRIGGER ALL;

--
-- Data for Name: onec_order_lines; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.onec_order_lines DISABLE TRIGGER ALL;



ALTER TABLE public.onec_order_lines ENABLE TRIGGER ALL;

--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.outbox DISABLE TRIGGER ALL;

INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (1, 1, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000010", "idempotency_key": "9643007700000010:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (2, 2, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000028", "idempotency_key": "9643007700000028:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (3, 3, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000036", "idempotency_key": "9643007700000036:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (4, 4, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000044", "idempotency_key": "9643007700000044:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (5, 5, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000051", "idempotency_key": "9643007700000051:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (6, 6, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000069", "idempotency_key": "9643007700000069:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (7, 7, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000077", "idempotency_key": "9643007700000077:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (8, 8, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000085", "idempotency_key": "9643007700000085:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (9, 9, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000093", "idempotency_key": "9643007700000093:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (10, 10, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000101", "idempotency_key": "9643007700000101:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (11, 11, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000119", "idempotency_key": "9643007700000119:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (12, 12, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000127", "idempotency_key": "9643007700000127:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (13, 13, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000135", "idempotency_key": "9643007700000135:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (14, 14, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000143", "idempotency_key": "9643007700000143:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (15, 15, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000150", "idempotency_key": "9643007700000150:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (16, 16, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000168", "idempotency_key": "9643007700000168:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (17, 17, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000176", "idempotency_key": "9643007700000176:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (18, 18, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000184", "idempotency_key": "9643007700000184:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (19, 19, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000192", "idempotency_key": "9643007700000192:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (20, 20, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000200", "idempotency_key": "9643007700000200:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (21, 21, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000218", "idempotency_key": "9643007700000218:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (22, 22, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000226", "idempotency_key": "9643007700000226:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (23, 23, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000234", "idempotency_key": "9643007700000234:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (24, 24, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000242", "idempotency_key": "9643007700000242:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (25, 25, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000259", "idempotency_key": "9643007700000259:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (26, 26, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000267", "idempotency_key": "9643007700000267:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (27, 27, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000275", "idempotency_key": "9643007700000275:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (28, 28, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000283", "idempotency_key": "9643007700000283:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (29, 29, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000291", "idempotency_key": "9643007700000291:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (30, 30, 'ordered', '{"status": "ordered", "status_at": "2026-12-01T02:32:51.172526+00:00", "card_number": "9643007700000309", "idempotency_key": "9643007700000309:ordered"}', 'pending', 0, '2026-12-01 02:32:51.172526+00', NULL, '2026-12-01 02:32:51.172526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (31, 1, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.394508+00:00", "card_number": "9643007700000010", "idempotency_key": "9643007700000010:produced"}', 'pending', 0, '2026-12-01 02:32:51.394508+00', NULL, '2026-12-01 02:32:51.394508+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (32, 2, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.394855+00:00", "card_number": "9643007700000028", "idempotency_key": "9643007700000028:produced"}', 'pending', 0, '2026-12-01 02:32:51.394855+00', NULL, '2026-12-01 02:32:51.394855+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (33, 3, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.395076+00:00", "card_number": "9643007700000036", "idempotency_key": "9643007700000036:produced"}', 'pending', 0, '2026-12-01 02:32:51.395076+00', NULL, '2026-12-01 02:32:51.395076+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (34, 4, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.395337+00:00", "card_number": "9643007700000044", "idempotency_key": "9643007700000044:produced"}', 'pending', 0, '2026-12-01 02:32:51.395337+00', NULL, '2026-12-01 02:32:51.395337+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (35, 5, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.395544+00:00", "card_number": "9643007700000051", "idempotency_key": "9643007700000051:produced"}', 'pending', 0, '2026-12-01 02:32:51.395544+00', NULL, '2026-12-01 02:32:51.395544+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (36, 6, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.395740+00:00", "card_number": "9643007700000069", "idempotency_key": "9643007700000069:produced"}', 'pending', 0, '2026-12-01 02:32:51.39574+00', NULL, '2026-12-01 02:32:51.39574+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (37, 7, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.395918+00:00", "card_number": "9643007700000077", "idempotency_key": "9643007700000077:produced"}', 'pending', 0, '2026-12-01 02:32:51.395918+00', NULL, '2026-12-01 02:32:51.395918+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (38, 8, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396065+00:00", "card_number": "9643007700000085", "idempotency_key": "9643007700000085:produced"}', 'pending', 0, '2026-12-01 02:32:51.396065+00', NULL, '2026-12-01 02:32:51.396065+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (39, 9, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396225+00:00", "card_number": "9643007700000093", "idempotency_key": "9643007700000093:produced"}', 'pending', 0, '2026-12-01 02:32:51.396225+00', NULL, '2026-12-01 02:32:51.396225+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (40, 10, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396438+00:00", "card_number": "9643007700000101", "idempotency_key": "9643007700000101:produced"}', 'pending', 0, '2026-12-01 02:32:51.396438+00', NULL, '2026-12-01 02:32:51.396438+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (41, 11, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396611+00:00", "card_number": "9643007700000119", "idempotency_key": "9643007700000119:produced"}', 'pending', 0, '2026-12-01 02:32:51.396611+00', NULL, '2026-12-01 02:32:51.396611+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (42, 12, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396798+00:00", "card_number": "9643007700000127", "idempotency_key": "9643007700000127:produced"}', 'pending', 0, '2026-12-01 02:32:51.396798+00', NULL, '2026-12-01 02:32:51.396798+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (43, 13, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.396964+00:00", "card_number": "9643007700000135", "idempotency_key": "9643007700000135:produced"}', 'pending', 0, '2026-12-01 02:32:51.396964+00', NULL, '2026-12-01 02:32:51.396964+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (44, 14, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.397140+00:00", "card_number": "9643007700000143", "idempotency_key": "9643007700000143:produced"}', 'pending', 0, '2026-12-01 02:32:51.39714+00', NULL, '2026-12-01 02:32:51.39714+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (45, 15, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.397362+00:00", "card_number": "9643007700000150", "idempotency_key": "9643007700000150:produced"}', 'pending', 0, '2026-12-01 02:32:51.397362+00', NULL, '2026-12-01 02:32:51.397362+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (46, 16, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.397526+00:00", "card_number": "9643007700000168", "idempotency_key": "9643007700000168:produced"}', 'pending', 0, '2026-12-01 02:32:51.397526+00', NULL, '2026-12-01 02:32:51.397526+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (47, 17, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.397704+00:00", "card_number": "9643007700000176", "idempotency_key": "9643007700000176:produced"}', 'pending', 0, '2026-12-01 02:32:51.397704+00', NULL, '2026-12-01 02:32:51.397704+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (48, 18, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.397903+00:00", "card_number": "9643007700000184", "idempotency_key": "9643007700000184:produced"}', 'pending', 0, '2026-12-01 02:32:51.397903+00', NULL, '2026-12-01 02:32:51.397903+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (49, 19, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398092+00:00", "card_number": "9643007700000192", "idempotency_key": "9643007700000192:produced"}', 'pending', 0, '2026-12-01 02:32:51.398092+00', NULL, '2026-12-01 02:32:51.398092+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (50, 20, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398274+00:00", "card_number": "9643007700000200", "idempotency_key": "9643007700000200:produced"}', 'pending', 0, '2026-12-01 02:32:51.398274+00', NULL, '2026-12-01 02:32:51.398274+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (51, 21, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398428+00:00", "card_number": "9643007700000218", "idempotency_key": "9643007700000218:produced"}', 'pending', 0, '2026-12-01 02:32:51.398428+00', NULL, '2026-12-01 02:32:51.398428+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (52, 22, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398569+00:00", "card_number": "9643007700000226", "idempotency_key": "9643007700000226:produced"}', 'pending', 0, '2026-12-01 02:32:51.398569+00', NULL, '2026-12-01 02:32:51.398569+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (53, 23, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398711+00:00", "card_number": "9643007700000234", "idempotency_key": "9643007700000234:produced"}', 'pending', 0, '2026-12-01 02:32:51.398711+00', NULL, '2026-12-01 02:32:51.398711+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (54, 24, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.398880+00:00", "card_number": "9643007700000242", "idempotency_key": "9643007700000242:produced"}', 'pending', 0, '2026-12-01 02:32:51.39888+00', NULL, '2026-12-01 02:32:51.39888+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (55, 25, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.399033+00:00", "card_number": "9643007700000259", "idempotency_key": "9643007700000259:produced"}', 'pending', 0, '2026-12-01 02:32:51.399033+00', NULL, '2026-12-01 02:32:51.399033+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (56, 26, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.399215+00:00", "card_number": "9643007700000267", "idempotency_key": "9643007700000267:produced"}', 'pending', 0, '2026-12-01 02:32:51.399215+00', NULL, '2026-12-01 02:32:51.399215+00', NULL);
INSERT INTO public.outbox (id, card_id, status, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at) VALUES (57, 27, 'produced', '{"status": "produced", "status_at": "2026-12-01T02:32:51.399582+00:00", "card_number": "9643007700000275", "idempotency_key": "9643007700000275:produced"}', 'pending', 0, '2026-12-01 02:32:51.399582+00', NULL, '2026-12-01 02:32:51.399582+00', NULL);


ALTER TABLE public.outbox ENABLE TRIGGER ALL;

--
-- Data for Name: print_stations; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.print_stations DISABLE TRIGGER ALL;



ALTER TABLE public.print_stations ENABLE TRIGGER ALL;

--
-- Data for Name: reconciliation_runs; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.reconciliation_runs DISABLE TRIGGER ALL;



ALTER TABLE public.reconciliation_runs ENABLE TRIGGER ALL;

--
-- Data for Name: sync_locks; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.sync_locks DISABLE TRIGGER ALL;



ALTER TABLE public.sync_locks ENABLE TRIGGER ALL;

--
-- Data for Name: sync_runs; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.sync_runs DISABLE TRIGGER ALL;



ALTER TABLE public.sync_runs ENABLE TRIGGER ALL;

--
-- Data for Name: upload_rows; Type: TABLE DATA; Schema: public; Owner: -
--

ALTER TABLE public.upload_rows DISABLE TRIGGER ALL;



ALTER TABLE public.upload_rows ENABLE TRIGGER ALL;

--
-- Name: api_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_tokens_id_seq', 2, true);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 1, false);


--
-- Name: card_number_seq_96430077; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.card_number_seq_96430077', 30, true);


--
-- Name: card_orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.card_orders_id_seq', 30, true);


--
-- Name: card_print_attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.card_print_attempts_id_seq', 1, false);


--
-- Name: cards_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.cards_id_seq', 30, true);


--
-- Name: events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.events_id_seq', 175, true);


--
-- Name: idempotency_records_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.idempotency_records_id_seq', 1, false);


--
-- Name: login_attempts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_attempts_id_seq', 1, false);


--
-- Name: members_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.members_id_seq', 120, true);


--
-- Name: onec_order_lines_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.onec_order_lines_id_seq', 1, false);


--
-- Name: organisations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organisations_id_seq', 45, true);


--
-- Name: outbox_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_id_seq', 57, true);


--
-- Name: print_batches_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.print_batches_id_seq', 1, true);


--
-- Name: print_stations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.print_stations_id_seq', 1, false);


--
-- Name: reconciliation_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.reconciliation_runs_id_seq', 1, false);


--
-- Name: sync_runs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sync_runs_id_seq', 1, false);


--
-- Name: upload_rows_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.upload_rows_id_seq', 1, false);


--
-- Name: uploads_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.uploads_id_seq', 1, false);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 4, true);


--
-- PostgreSQL database dump complete
--

\unrestrict 2actpdsDKoqYQoUMDEADuSkmzEtXla2keCbdJ5hfHjygAkhlGWj6wsSjGjeLDxq

