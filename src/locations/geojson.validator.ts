import { registerDecorator, ValidationOptions } from 'class-validator';

const DEPTH: Record<string, number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/** Keeps a stored location small enough for the pages and feeds that embed it. */
export const MAX_GEOJSON_POSITIONS = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return 'a position must be [longitude, latitude] (optionally altitude) of numbers';
  }
  const [lon, lat] = p as number[];
  if (lon < -180 || lon > 180) return 'longitude must be between -180 and 180';
  if (lat < -90 || lat > 90) return 'latitude must be between -90 and 90';
  return null;
}

/** Walks the coordinates to the depth the geometry type prescribes; returns the first problem. */
function coordinatesProblem(coordinates: unknown, depth: number, budget: { left: number }): string | null {
  if (depth === 0) {
    budget.left--;
    if (budget.left < 0) return `a geometry may have at most ${MAX_GEOJSON_POSITIONS} positions`;
    return positionProblem(coordinates);
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'coordinates are not nested as the geometry type requires';
  for (const c of coordinates) {
    const problem = coordinatesProblem(c, depth - 1, budget);
    if (problem) return problem;
  }
  return null;
}

/** Why the value is not a GeoJSON Feature with a usable geometry, or null when it is one. */
export function geoJsonFeatureProblem(value: unknown): string | null {
  if (!isObject(value)) return 'must be a GeoJSON Feature object';
  if (value.type !== 'Feature') return "type must be 'Feature'";
  if (value.properties !== undefined && value.properties !== null && !isObject(value.properties)) return 'properties must be an object';
  const geometry = value.geometry;
  if (!isObject(geometry)) return 'geometry must be an object with type and coordinates';
  if (typeof geometry.type !== 'string' || !(geometry.type in DEPTH)) {
    return `geometry.type must be one of ${Object.keys(DEPTH).join(', ')}`;
  }
  if (geometry.coordinates === undefined) return 'geometry.coordinates is missing';
  return coordinatesProblem(geometry.coordinates, DEPTH[geometry.type], { left: MAX_GEOJSON_POSITIONS });
}

export function IsGeoJsonFeature(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isGeoJsonFeature',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => geoJsonFeatureProblem(value) === null,
        defaultMessage: (args) => `${args?.property ?? 'value'}: ${geoJsonFeatureProblem(args?.value) ?? 'invalid GeoJSON'}`,
      },
    });
}
