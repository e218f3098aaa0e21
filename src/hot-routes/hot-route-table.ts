import { RequestMethod, Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PARAMTYPES_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RESPONSE_PASSTHROUGH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { match, MatchFunction } from 'path-to-regexp';
import { principalOf } from '../identity/current-principal.decorator';
import { IS_PUBLIC } from '../identity/public.decorator';
import { formOf, MultipartInterceptor } from '../http/multipart';
import { StartupError } from '../common/startup-error';
import { HOT_ROUTE } from '../http/hot-route.decorator';

/** Where the fast path takes one argument of a hot handler from; decided once, at boot. */
export type ArgSource =
  { from: 'param'; name: string } | { from: 'principal' } | { from: 'form' } | { from: 'response' };

/** One hot route, derived from its Nest handler's metadata (never declared a second time). */
export interface HotRouteEntry {
  readonly method: 'GET' | 'POST';
  /** The path as Express reports it (the route label of the metrics). */
  readonly template: string;
  /** The status Nest answers with (`@HttpCode`, or 200 for GET and 201 for POST). */
  readonly status: number;
  /** The handler takes `@Form()`: the fast path reads the multipart body as MultipartInterceptor does. */
  readonly readsForm: boolean;
  /** The handler takes `@Res()` and writes its own answer. */
  readonly writesResponse: boolean;
  readonly args: readonly ArgSource[];
  /** The path matcher Express would compile, but case-sensitive and without a trailing slash. */
  readonly match: MatchFunction<Record<string, string>>;
  readonly handler: (...args: unknown[]) => unknown;
}

/** A marked handler (or the app around it) does something the fast path would skip. */
export class HotRouteRefused extends StartupError {}

type Handler = (...args: unknown[]) => unknown;
type RouteArg = { index: number; data?: unknown; pipes?: unknown[]; factory?: unknown };

/** Every `@HotRoute()` handler of these controllers, compiled; throws HotRouteRefused for any it cannot reproduce. */
export function hotRoutesOf(controllers: readonly object[]): HotRouteEntry[] {
  const entries: HotRouteEntry[] = [];
  for (const instance of controllers) {
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      if (Reflect.getMetadata(HOT_ROUTE, handler) !== true) continue;
      entries.push(describeHotRoute(instance.constructor as Type, name, (handler as Handler).bind(instance)));
    }
  }
  return entries;
}

/** Reads one marked handler's route from Nest's metadata, refusing anything the fast path does not do. */
export function describeHotRoute(controller: Type, methodName: string, handler: Handler): HotRouteEntry {
  const method = (controller.prototype as Record<string, Handler>)[methodName];
  const where = `${controller.name}.${methodName}`;
  const refuse = (what: string) => new HotRouteRefused(`hot route ${where}: ${what} the fast path does not reproduce`);

  for (const target of [controller, method]) {
    if (listed(target, GUARDS_METADATA).length > 0) throw refuse('a guard that');
    if (listed(target, PIPES_METADATA).length > 0) throw refuse('a pipe that');
    if (listed(target, EXCEPTION_FILTERS_METADATA).length > 0) throw refuse('an exception filter that');
    if (Reflect.getMetadata(IS_PUBLIC, target)) throw refuse('@Public(), which');
    if (Reflect.getMetadata(VERSION_METADATA, target) !== undefined) throw refuse('a version, which');
  }
  const interceptors = [...listed(controller, INTERCEPTORS_METADATA), ...listed(method, INTERCEPTORS_METADATA)];
  if (interceptors.some((i) => i !== MultipartInterceptor)) throw refuse('an interceptor that');
  for (const key of [HEADERS_METADATA, REDIRECT_METADATA, SSE_METADATA, RESPONSE_PASSTHROUGH_METADATA]) {
    if (Reflect.getMetadata(key, method) !== undefined) throw refuse(`${key} metadata that`);
  }

  const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod;
  if (verb !== RequestMethod.GET && verb !== RequestMethod.POST) throw refuse('an HTTP method that');
  const template = templateOf(controller, method);
  if (template === undefined) throw refuse('a path list or pattern that');

  const args = argumentsOf(controller, methodName, refuse);
  const readsForm = args.some((a) => a.from === 'form');
  if (readsForm !== interceptors.includes(MultipartInterceptor)) {
    throw refuse('@Form() without MultipartInterceptor (or the reverse), which');
  }
  const explicitStatus = Reflect.getMetadata(HTTP_CODE_METADATA, method) as number | undefined;
  return {
    method: verb === RequestMethod.GET ? 'GET' : 'POST',
    template,
    status: explicitStatus ?? (verb === RequestMethod.GET ? 200 : 201),
    readsForm,
    writesResponse: args.some((a) => a.from === 'response'),
    args,
    match: match<Record<string, string>>(template, { sensitive: true, trailing: false, decode: decodeURIComponent }),
    handler,
  };
}

function listed(target: object, key: string): unknown[] {
  return (Reflect.getMetadata(key, target) as unknown[] | undefined) ?? [];
}

/** `/<controller path>/<method path>` as Nest joins them, or undefined for anything but plain segments. */
function templateOf(controller: Type, method: Handler): string | undefined {
  const parts = [Reflect.getMetadata(PATH_METADATA, controller), Reflect.getMetadata(PATH_METADATA, method)];
  if (parts.some((p) => typeof p !== 'string' || !/^[\w/:.-]*$/.test(p))) return undefined;
  const segments = (parts as string[]).flatMap((p) => p.split('/')).filter((s) => s !== '');
  return `/${segments.join('/')}`;
}

/**
 * The handler's arguments in order. Only what the fast path provides is accepted: path parameters
 * typed `string` (the global ValidationPipe passes those through unchanged), the principal, the
 * multipart form and the bare response; a parameter pipe or any other source is refused.
 */
function argumentsOf(controller: Type, methodName: string, refuse: (what: string) => Error): ArgSource[] {
  const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, RouteArg>;
  const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype as object, methodName) ??
    []) as unknown[];
  const args: ArgSource[] = [];
  for (const [key, arg] of Object.entries(declared)) {
    if ((arg.pipes ?? []).length > 0) throw refuse(`a pipe on argument ${arg.index} that`);
    args[arg.index] = sourceOf(key, arg, types[arg.index], refuse);
  }
  if (args.length !== types.length || args.includes(undefined as unknown as ArgSource)) {
    throw refuse('an undecorated argument that');
  }
  return args;
}

function sourceOf(key: string, arg: RouteArg, type: unknown, refuse: (what: string) => Error): ArgSource {
  if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
    if (arg.factory === principalOf) return { from: 'principal' };
    if (arg.factory === formOf) return { from: 'form' };
    throw refuse(`a custom argument decorator (argument ${arg.index}) that`);
  }
  const paramtype = Number(key.split(':')[0]) as RouteParamtypes;
  if (paramtype === RouteParamtypes.PARAM && typeof arg.data === 'string' && type === String) {
    return { from: 'param', name: arg.data };
  }
  if (paramtype === RouteParamtypes.RESPONSE) return { from: 'response' };
  throw refuse(`argument ${arg.index} (${RouteParamtypes[paramtype]}), which`);
}
