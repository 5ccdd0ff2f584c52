/**
 * Open311's OpenAPI description (documentation only: the handlers in open311.ts read and check their input
 * themselves): the schemas of each resource as the spec has them, in JSON and XML.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { optionally, requires } from '../../../core/api/openapi.js';

const TAGS = ['open311'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const JurisdictionQuery = {
  jurisdiction_id: Type.Optional(Type.String({ description: 'The community’s slug, e.g. lviv (required by every resource but discovery)' })),
};
/** The spec's error list (JSON); XML carries the same as <errors><error><code/><description/></error></errors>. */
const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
/** A documented answer in both of the spec's formats, chosen by the path's extension. */
const Both = (description: string, json: TSchema) => ({
  description,
  content: { 'application/json': { schema: json }, 'text/xml': { schema: { type: 'string' } } },
});
const ErrorAnswer = (description: string) => Both(description, Open311Errors);
const FileParam = (description: string) => Type.Object({ file: Type.String({ description }) });

const Endpoint = Type.Object({
  specification: Type.String(),
  url: Type.String(),
  changeset: Type.String(),
  type: Type.String(),
  formats: Type.Array(Type.String()),
});
const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(Endpoint),
  jurisdictions: Type.Array(
    Type.Object(
      { jurisdiction_id: Type.String(), name: Type.String(), name_en: Type.String(), url: Type.String(), endpoints: Type.Array(Endpoint) },
      { description: 'Every connected community with Open City on (our addition to the spec)' },
    ),
  ),
});
/** mySociety's servicerequestupdates extension, as FixMyStreet's Open311 client reads it. */
const RequestUpdate = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.String({ description: 'open, in_progress, fixed, no_further_action, closed, duplicate or not_councils_responsibility' }),
  external_status_code: Type.String({ description: 'The report’s status here' }),
  updated_datetime: Type.String({ format: 'date-time' }),
  description: Type.String(),
  media_url: Type.String(),
});
const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});
const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Type.String(),
  requested_datetime: Type.String({ format: 'date-time' }),
  updated_datetime: Type.String({ format: 'date-time' }),
  expected_datetime: Type.String({ format: 'date-time' }),
  address: Type.String(),
  address_id: Type.Null(),
  zipcode: Type.Null(),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
});
const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Type.String(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
});

export const RESOURCE_DOC = {
  schema: {
    tags: TAGS,
    operationId: 'open311Resource',
    summary:
      'Open311 discovery, the service list, service requests or their status updates (discovery.json, services.json, requests.json, servicerequestupdates.json, or .xml)',
    description:
      'requests: the last 90 days by default (start_date, end_date, status, service_code, or service_request_id to name them); reports still awaiting moderation only with an api_key. servicerequestupdates: the public status changes in start_date…end_date (at most 90 days), oldest first.',
    security: optionally('open311ApiKey'),
    params: FileParam('discovery.json, services.json, requests.json or servicerequestupdates.json (or .xml)'),
    querystring: Type.Object({
      ...JurisdictionQuery,
      service_request_id: Type.Optional(Type.String({ description: 'Comma-separated ids (requests)' })),
      service_code: Type.Optional(Type.String({ description: 'Comma-separated service codes (requests)' })),
      start_date: Type.Optional(Type.String({ description: 'W3C datetime (requests)' })),
      end_date: Type.Optional(Type.String({ description: 'W3C datetime (requests)' })),
      status: Type.Optional(Type.String({ description: 'open, closed or open,closed (requests)' })),
    }),
    response: {
      200: Both(
        'Discovery, the services, the service requests, or their updates',
        Type.Union([Discovery, Type.Array(Service), Type.Array(ServiceRequest), Type.Array(RequestUpdate)]),
      ),
      400: ErrorAnswer('A parameter is missing or malformed'),
      403: ErrorAnswer('The api_key is not valid for this jurisdiction_id'),
      404: ErrorAnswer('No such resource or jurisdiction_id'),
    },
  },
};

export const SERVICE_DOC = {
  schema: {
    tags: TAGS,
    operationId: 'open311ServiceDefinition',
    summary: 'The definition of a service: the attributes a request of it takes',
    params: FileParam('{service_code}.json or .xml'),
    querystring: Type.Object(JurisdictionQuery),
    response: {
      200: Both('The service definition', ServiceDefinition),
      400: ErrorAnswer('jurisdiction_id is missing'),
      404: ErrorAnswer('No such service or jurisdiction_id'),
    },
  },
};

export const REQUEST_DOC = {
  schema: {
    tags: TAGS,
    operationId: 'open311ServiceRequest',
    summary: 'One service request',
    security: optionally('open311ApiKey'),
    params: FileParam('{service_request_id}.json or .xml'),
    querystring: Type.Object(JurisdictionQuery),
    response: {
      200: Both('The request, in a list of one as the spec has it', Type.Array(ServiceRequest)),
      400: ErrorAnswer('jurisdiction_id is missing'),
      403: ErrorAnswer('The api_key is not valid for this jurisdiction_id'),
      404: ErrorAnswer('No such request or jurisdiction_id'),
    },
  },
};

export const TOKEN_DOC = {
  schema: {
    tags: TAGS,
    operationId: 'open311RequestIdFromToken',
    summary: 'The service_request_id of a request, by the token its POST returned',
    params: FileParam('{token}.json or .xml'),
    querystring: Type.Object(JurisdictionQuery),
    response: {
      200: Both('The id and the token', Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }))),
      400: ErrorAnswer('jurisdiction_id is missing'),
      404: ErrorAnswer('No such token or jurisdiction_id'),
    },
  },
};

export const CREATE_DOC = {
  tags: TAGS,
  operationId: 'open311CreateServiceRequest',
  summary: 'Create a service request (requests.json or requests.xml), form-encoded as the spec has it',
  description:
    'Form fields as GeoReport v2 names them: jurisdiction_id, api_key, service_code, lat and long or address_string, attribute[code], description, email, first_name, last_name, phone, media_url.',
  security: requires('open311ApiKey'),
  params: FileParam('requests.json or requests.xml'),
  response: {
    200: Both(
      'Accepted for moderation: the new request’s id and token',
      Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String(), service_notice: Type.String(), account_id: Type.Null() })),
    ),
    400: ErrorAnswer('A field is missing or malformed, or the location is outside the jurisdiction'),
    403: ErrorAnswer('api_key is missing or not valid for this jurisdiction_id'),
    404: ErrorAnswer('No such resource or jurisdiction_id'),
    429: ErrorAnswer('Too many requests for this api_key'),
  },
};
